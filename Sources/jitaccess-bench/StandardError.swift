import ArgumentParser
import Foundation

/// Progress goes to standard error, so that standard output holds only the report.
enum StandardError {
    static func write(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

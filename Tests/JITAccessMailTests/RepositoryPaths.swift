import Foundation
import JITAccessCore
@testable import JITAccessMail

/// Where the repository is, from this file's path.
enum RepositoryPaths {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
}

import Foundation
import JITAccessCore
@testable import JITAccessMail

struct TestServerError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

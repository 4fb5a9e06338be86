import Foundation
import JITAccessCore

struct GeneratedGroup: Encodable {
    var email: String
    var members: [String]
}

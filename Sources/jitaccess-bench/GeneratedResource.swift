import Foundation
import JITAccessCore

struct GeneratedResource: Encodable {
    var id: String
    var displayName: String?
    var number: String?
    var parent: String?
    var policy = IAMPolicy(version: 3, etag: "BwAAAAAAAAA=", bindings: [])

    init(id: String, displayName: String? = nil, number: String? = nil, parent: String? = nil) {
        self.id = id
        self.displayName = displayName
        self.number = number
        self.parent = parent
    }
}

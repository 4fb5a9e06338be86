import AsyncHTTPClient
import JITAccessCore
import Logging

/// One `IamPolicyAnalysisResult`: a binding, where it is attached, what it reaches and who holds it.
struct AnalysisResult: Decodable {
    struct AccessControlList: Decodable {
        struct Resource: Decodable {
            let fullResourceName: String?
        }
        let resources: [Resource]?
    }
    struct IdentityList: Decodable {
        struct Identity: Decodable {
            let name: String?
        }
        let identities: [Identity]?
    }
    let attachedResourceFullName: String
    let iamBinding: IAMBinding?
    let accessControlLists: [AccessControlList]?
    let identityList: IdentityList?
}

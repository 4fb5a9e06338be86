import JITAccessCore

/// The JSON shapes of JIT Access 1.8.1's API. Times are epoch seconds; absent values are `null`.
enum APIModels {
    /// A user: `{"email": ...}`.
    struct User: Encodable {
        let email: String

        init(_ user: UserId) {
            email = user.email
        }
    }

    /// `GET /api/policy`.
    struct Policy: Encodable {
        let justificationHint: String
        let signedInUser: User
        let applicationVersion: String
        let defaultActivationTimeout: Int
        let maxActivationTimeout: Int
    }

    /// `GET /api/projects`.
    struct Projects: JSONWritable {
        let projects: [String]

        func write(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.key("projects")
            writer.beginArray()
            for project in projects { writer.string(project) }
            writer.endArray()
            writer.endObject()
        }
    }

    /// One entry of `GET /api/projects/{p}/roles`.
    struct EntitlementInfo: JSONWritable {
        let id: String
        let name: String
        let resourceCondition: String?
        let activationType: String
        let status: String
        let validUntil: Int64?

        /// The fields in alphabetical order, as the other responses have them.
        func write(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.field("activationType", activationType)
            writer.field("id", id)
            writer.field("name", name)
            writer.field("resourceCondition", resourceCondition)
            writer.field("status", status)
            writer.field("validUntil", validUntil)
            writer.endObject()
        }
    }

    /// `GET /api/projects/{p}/roles`.
    struct Entitlements: JSONWritable {
        let warnings: [String]
        let entitlements: [EntitlementInfo]

        func write(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.key("entitlements")
            writer.beginArray()
            for entitlement in entitlements { entitlement.write(to: &writer) }
            writer.endArray()
            writer.key("warnings")
            writer.beginArray()
            for warning in warnings { writer.string(warning) }
            writer.endArray()
            writer.endObject()
        }
    }

    /// The body of `POST /api/projects/{p}/roles/self-activate`.
    struct SelfActivationBody: Decodable {
        let entitlementIds: [String]
        let justification: String
        /// Minutes; the default duration when absent.
        let activationTimeout: WholeMinutes?
    }

    /// One activated entitlement in an activation response.
    struct ActivatedEntitlement: Encodable {
        let activationId: String
        let projectId: String
        let id: String
        let name: String
        let resourceCondition: String?
        let status: String
        let startTime: Int64
        let endTime: Int64

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(activationId, forKey: .activationId)
            try container.encode(projectId, forKey: .projectId)
            try container.encode(id, forKey: .id)
            try container.encode(name, forKey: .name)
            try container.encode(resourceCondition, forKey: .resourceCondition)
            try container.encode(status, forKey: .status)
            try container.encode(startTime, forKey: .startTime)
            try container.encode(endTime, forKey: .endTime)
        }

        enum CodingKeys: String, CodingKey {
            case activationId, projectId, id, name, resourceCondition, status, startTime, endTime
        }
    }

    /// The activation response. The last three fields are jitaccess's additions for
    /// peer-approval requests (absent after a self-activation): where the request stands
    /// (`pending`, `approved` or `expired`), until when the request (pending) or the access
    /// (approved) lasts, and who approved.
    struct ActivationStatus: Encodable {
        let beneficiary: User
        let reviewers: [User]
        let isBeneficiary: Bool
        let isReviewer: Bool
        let justification: String
        let entitlements: [ActivatedEntitlement]
        var requestState: String?
        var validUntil: Int64?
        var approvedBy: User?

        /// The response to a self-activation: the caller is the beneficiary, and nobody reviews.
        init(selfActivation activation: Activation) {
            beneficiary = User(activation.beneficiary)
            reviewers = []
            isBeneficiary = true
            isReviewer = false
            justification = activation.justification
            entitlements = activation.entitlements.map { id in
                ActivatedEntitlement(
                    activationId: activation.id, projectId: id.project.id, id: id.description, name: id.role,
                    resourceCondition: id.resourceCondition?.expression, status: EntitlementStatus.active.rawValue,
                    startTime: activation.window.start.secondsSinceEpoch, endTime: activation.window.end.secondsSinceEpoch
                )
            }
        }
    }

    /// `GET /health/alive` and `GET /health/ready`.
    struct Health: Encodable {
        let healthy: Bool
        let details: [String: JSONValue]
    }
}
extension APIModels.EntitlementInfo {
    init(_ entitlement: Entitlement) {
        self.init(
            id: entitlement.id.description, name: entitlement.name, resourceCondition: entitlement.id.resourceCondition?.expression,
            activationType: entitlement.activationType.rawValue, status: entitlement.status.rawValue,
            validUntil: entitlement.validUntil?.secondsSinceEpoch
        )
    }
}

import Foundation
import Hummingbird
import JITAccessCore
import NIOCore

/// Reads what a request asks for, turning malformed input into ``JITAccessError/invalidArgument(_:)``
/// with a message that says how to fix it.
package enum RequestInput {
    /// The `{project}` path parameter.
    static func project(_ context: JITAccessRequestContext) throws(JITAccessError) -> ProjectId {
        let text = context.parameters.get("project") ?? ""
        guard let project = ProjectId(text) else {
            throw .invalidArgument("'\(text)' is not a project id; a project id has 6 to 30 lower-case letters, digits or hyphens.")
        }
        return project
    }

    /// Entitlement ids as listed by `GET /api/projects/{p}/roles` or the project page.
    package static func entitlements(_ texts: [String]) throws(JITAccessError) -> [EntitlementId] {
        var ids: [EntitlementId] = []
        for text in texts {
            guard let id = EntitlementId(text) else {
                throw .invalidArgument("'\(text)' is not an entitlement id; use the ids that the list of roles returns.")
            }
            ids.append(id)
        }
        return ids
    }

    /// One entitlement id that must belong to `project`.
    package static func entitlement(_ text: String?, on project: ProjectId) throws(JITAccessError) -> EntitlementId {
        guard let text, !text.isEmpty else {
            throw .invalidArgument("Say which role you mean: pass its entitlement id, as the list of roles returns it.")
        }
        guard let id = try entitlements([text]).first else {
            throw .invalidArgument("'\(text)' is not an entitlement id; use the ids that the list of roles returns.")
        }
        guard id.project == project else {
            throw .invalidArgument("The role '\(id.role)' belongs to project '\(id.project)', not '\(project)'.")
        }
        return id
    }

    /// Reviewers' e-mail addresses, as chosen among the peers.
    package static func reviewers(_ texts: [String]) throws(JITAccessError) -> [UserId] {
        var reviewers: [UserId] = []
        for text in texts {
            guard let user = UserId(text) else {
                throw .invalidArgument("'\(text)' is not an e-mail address; choose reviewers among the listed peers.")
            }
            reviewers.append(user)
        }
        return reviewers
    }

    /// The activation token of a link (`?activation=TOKEN`), obfuscated or not.
    package static func activationToken(_ text: String?) throws(JITAccessError) -> String {
        guard let text, !text.isEmpty else {
            throw .invalidArgument("The address lacks its activation token; open the link from the e-mail again, in full.")
        }
        return ActivationLinks.deobfuscate(text)
    }

    /// A duration in whole minutes, as typed into a form.
    package static func minutes(_ text: String?) throws(JITAccessError) -> Int {
        guard let text, let minutes = Int(Substring(text).trimmed()) else {
            throw .invalidArgument("Enter the duration as a whole number of minutes.")
        }
        return minutes
    }

    /// Decodes a JSON body of at most 64 KiB.
    static func json<Value: Decodable>(_ type: Value.Type, from request: Request, context: JITAccessRequestContext) async throws -> Value {
        let buffer = try await RequestBodyReader.collect(request, context: context)
        do {
            return try JSONDecoder().decode(type, from: Data(buffer.readableBytesView))
        } catch let DecodingError.keyNotFound(key, _) {
            throw JITAccessError.invalidArgument("The request body lacks the field '\(key.stringValue)'.")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            let field = context.codingPath.map(\.stringValue).joined(separator: ".")
            guard !field.isEmpty else {
                throw JITAccessError.invalidArgument("The request body must be a JSON object.")
            }
            throw JITAccessError.invalidArgument("The field '\(field)' of the request body has the wrong type: \(context.debugDescription)")
        } catch {
            throw JITAccessError.invalidArgument("The request body is not valid JSON.")
        }
    }
}

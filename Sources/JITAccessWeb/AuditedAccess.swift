import JITAccessCore

/// What a signed-in user may see and do, shared by the pages and the JSON API, with every
/// outcome written to the audit trail under JIT Access's event names.
struct AuditedAccess: Sendable {
    let catalog: EntitlementCatalog
    let activation: SelfActivation
    let peerApproval: PeerApproval
    let audit: any AuditLog

    var rules: ActivationRules { activation.rules }

    /// The projects where `user` has eligible or active access (`api.listProjects`).
    func projects(of user: UserId) async throws -> [ProjectId] {
        let labels = ["user": user.email]
        do {
            let projects = try await catalog.projects(for: user)
            record("api.listProjects", .info, "User \(user) listed \(projects.count) project(s)", labels)
            return projects
        } catch {
            recordFailure("api.listProjects", "User \(user) could not list projects", error, labels)
            throw error
        }
    }

    /// The entitlements of `user` on `project`, with warnings (`api.listEligibleRoles`).
    func entitlements(of user: UserId, on project: ProjectId) async throws -> EntitlementListing {
        let labels = ["user": user.email, "project_id": project.id, "resource": ResourceName(project).fullName]
        do {
            let listing = try await catalog.listing(for: user, on: project)
            record("api.listEligibleRoles", .info, "User \(user) listed \(listing.entitlements.count) role(s) on project \(project)", labels)
            return listing
        } catch {
            recordFailure("api.listEligibleRoles", "User \(user) could not list roles on project \(project)", error, labels)
            throw error
        }
    }

    /// Self-activates roles (`api.activateRole`). The engine records successes and denials; this
    /// records the other failures (rule violations, backend errors).
    func selfActivate(_ request: SelfActivationRequest) async throws -> Activation {
        do {
            return try await activation.activate(request)
        } catch JITAccessError.accessDenied(let message) {
            throw JITAccessError.accessDenied(message)
        } catch {
            let roles = request.entitlements.map(\.role).joined(separator: ",")
            recordFailure("api.activateRole", "User \(request.user) failed to activate role(s) on project \(request.project)", error, [
                "user": request.user.email, "project_id": request.project.id, "resource": ResourceName(request.project).fullName,
                "role": roles, "justification": request.justification,
            ])
            throw error
        }
    }

    func record(_ name: String, _ severity: AuditSeverity, _ message: String, _ labels: [String: String]) {
        audit.record(AuditEvent(name: name, severity: severity, message: message, labels: labels))
    }

    func recordFailure(_ name: String, _ message: String, _ error: any Error, _ labels: [String: String]) {
        let detail = (error as? JITAccessError)?.message ?? "\(error)"
        let severity: AuditSeverity = switch error as? JITAccessError {
        case .some(.backend), .none: .error
        case .some: .warning
        }
        record(name, severity, "\(message): \(detail)", labels.merging(["error": detail]) { $1 })
    }
}

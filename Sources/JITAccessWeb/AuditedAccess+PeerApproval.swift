import JITAccessCore

/// Peer approval, for the pages and the JSON API alike. The engine records requests and
/// approvals that succeed; this records everything else under JIT Access's event names.
extension AuditedAccess {
    /// The qualified peers of `user` for `entitlement` (`api.listPeers`).
    func peers(of user: UserId, for entitlement: EntitlementId) async throws -> [UserId] {
        let labels = Self.labels(user, entitlement)
        do {
            let peers = try await peerApproval.peers(of: user, for: entitlement)
            record("api.listPeers", .info, "User \(user) listed \(peers.count) peer(s) for role '\(entitlement.role)' on project \(entitlement.project)", labels)
            return peers
        } catch {
            recordFailure("api.listPeers", "User \(user) could not list peers for role '\(entitlement.role)' on project \(entitlement.project)", error, labels)
            throw error
        }
    }

    /// Checks, signs and e-mails a peer-approval request (`api.requestRole`).
    func request(_ submission: PeerApprovalRequest) async throws -> SubmittedRequest {
        do {
            return try await peerApproval.submit(submission)
        } catch {
            let labels = Self.labels(submission.user, submission.entitlement).merging([
                "justification": submission.justification,
                "reviewers": submission.reviewers.map(\.email).joined(separator: ","),
            ]) { $1 }
            recordFailure("api.requestRole", "User \(submission.user) could not request role '\(submission.entitlement.role)' on project \(submission.project)", error, labels)
            throw error
        }
    }

    /// The request behind `token`, for its beneficiary or a reviewer (`api.getActivationRequest`).
    func view(_ token: String, by viewer: UserId) async throws -> RequestView {
        do {
            let view = try await peerApproval.view(token, by: viewer)
            record("api.getActivationRequest", .info, "User \(viewer) viewed activation request \(view.request.id)", Self.labels(viewer, view.request))
            return view
        } catch {
            recordFailure("api.getActivationRequest", "User \(viewer) could not view an activation request", error, ["user": viewer.email])
            throw error
        }
    }

    /// Approves the request behind `token` (`api.activateRole`).
    func approve(_ token: String, by approver: UserId) async throws -> RequestView {
        do {
            return try await peerApproval.approve(token, by: approver)
        } catch {
            recordFailure("api.activateRole", "User \(approver) could not approve an activation request", error, ["user": approver.email])
            throw error
        }
    }

    /// The resource condition a request is about: the token names none, so until the approval
    /// settles it, this is the one under which the beneficiary now holds the peer-approval
    /// binding, when there is exactly one. For display only: approval decides on its own.
    func resourceCondition(of request: ActivationRequest) async -> ResourceCondition? {
        if let condition = request.entitlement.resourceCondition { return condition }
        let conditions = try? await catalog.peerApprovalConditions(for: request.beneficiary, role: request.role, on: request.entitlement.project)
        guard let conditions, conditions.count == 1 else { return nil }
        return conditions.first ?? nil
    }

    private static func labels(_ user: UserId, _ entitlement: EntitlementId) -> [String: String] {
        [
            "user": user.email, "role": entitlement.role, "project_id": entitlement.project.id,
            "resource": ResourceName(entitlement.project).fullName,
        ]
    }

    private static func labels(_ user: UserId, _ request: ActivationRequest) -> [String: String] {
        labels(user, request.entitlement).merging([
            "activation_id": request.id, "justification": request.justification,
            "reviewers": request.reviewers.map(\.email).joined(separator: ","),
        ]) { $1 }
    }
}

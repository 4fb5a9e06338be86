import JITAccessCore

/// The models of the peer-approval pages.
extension PageRenderer {
    /// What the request form holds: kept as typed when the form comes back with an error.
    struct RequestForm {
        var reviewers: Set<String> = []
        var justification = ""
        var minutes: String
    }

    private struct RequestFormModel {
        struct Peer {
            let index: Int
            let email: String
            let checked: Bool
        }

        let chrome: Chrome
        let project: String
        let role: String
        let entitlement: String
        let condition: String?
        let csrf: String
        let peers: [Peer]
        /// Enough peers to make the request: at least the minimum number of reviewers.
        let hasPeers: Bool
        /// Why the request cannot be made, when there are too few peers.
        let tooFewPeers: String?
        let reviewerRange: String
        let hint: String
        let justification: String
        let minutes: String
        let maxMinutes: Int
        let error: String?
    }

    func requestForm(
        _ entitlement: EntitlementId, peers: [UserId], form: RequestForm, rules: ActivationRules, user: SignedIn, error: String? = nil
    ) -> HTMLPage {
        let range = rules.minReviewers == rules.maxReviewers
            ? "\(rules.minReviewers) reviewer\(rules.minReviewers == 1 ? "" : "s")"
            : "\(rules.minReviewers) to \(rules.maxReviewers) reviewers"
        return render("request", RequestFormModel(
            chrome: chrome("Request \(entitlement.role)", user: user), project: entitlement.project.id, role: entitlement.role,
            entitlement: entitlement.description, condition: entitlement.resourceCondition?.expression, csrf: user.csrf,
            peers: peers.enumerated().map { RequestFormModel.Peer(index: $0, email: $1.email, checked: form.reviewers.contains($1.email)) },
            hasPeers: peers.count >= rules.minReviewers,
            tooFewPeers: peers.count >= rules.minReviewers ? nil : Self.tooFewPeers(peers.count, needed: rules.minReviewers), reviewerRange: range,
            hint: rules.justificationHint, justification: form.justification, minutes: form.minutes, maxMinutes: rules.maxActivationMinutes,
            error: error
        ))
    }

    private static func tooFewPeers(_ count: Int, needed: Int) -> String {
        let available = switch count {
        case 0: "nobody else may approve it"
        case 1: "only 1 colleague may approve it"
        default: "only \(count) colleagues may approve it"
        }
        return "This role needs \(needed) reviewer\(needed == 1 ? "" : "s"), but \(available), so it cannot be requested. "
            + "Ask an administrator to make more colleagues eligible for it."
    }

    // MARK: A request's state and facts

    /// Where a request stands, as the `state` partial shows it.
    struct StateView {
        struct Pending { let until: TimeView }
        struct Approved {
            let approver: String?
            let until: TimeView
            let ended: Bool
        }

        let name: String
        let pending: Pending?
        let approved: Approved?
        let expired: Bool

        init(_ state: RequestState, now: Timestamp) {
            switch state {
            case .pending(let until):
                (name, pending, approved, expired) = ("pending", Pending(until: TimeView(until)), nil, false)
            case .approved(let approver, let until):
                (name, pending, expired) = ("approved", nil, false)
                approved = Approved(approver: approver?.email, until: TimeView(until), ended: until <= now)
            case .expired:
                (name, pending, approved, expired) = ("expired", nil, nil, true)
            }
        }
    }

    private struct RequestPageModel {
        let chrome: Chrome
        let state: StateView
        let beneficiary: String
        let role: String
        let project: String
        let condition: String?
        let details = true
        let justification: String
        let start: TimeView
        let end: TimeView
        let reviewers: [String]

        init(_ request: ActivationRequest, state: RequestState, condition: ResourceCondition?, now: Timestamp, chrome: Chrome) {
            self.chrome = chrome
            self.state = StateView(state, now: now)
            beneficiary = request.beneficiary.email
            role = request.role
            project = request.entitlement.project.id
            self.condition = condition?.expression
            justification = request.justification
            start = TimeView(request.window.start)
            end = TimeView(request.window.end)
            reviewers = request.reviewers.map(\.email)
        }
    }

    // MARK: After requesting

    private struct RequestResultModel {
        let request: RequestPageModel
        let mailError: String?
        let approvalLink: String
        let statusLink: String
    }

    func requestResult(_ submitted: SubmittedRequest, statusLink: String, now: Timestamp, user: SignedIn) -> HTMLPage {
        let request = submitted.request
        let title = submitted.notificationError == nil ? "Request sent" : "Request not sent"
        return render("requested", RequestResultModel(
            request: RequestPageModel(
                request, state: .pending(validUntil: request.expiresAt), condition: request.entitlement.resourceCondition, now: now,
                chrome: chrome(title, user: user)
            ),
            mailError: submitted.notificationError, approvalLink: submitted.approvalLink, statusLink: statusLink
        ))
    }

    // MARK: The request behind a link

    private struct ActivationRequestModel {
        let request: RequestPageModel
        let token: String
        let csrf: String
        let canApprove: Bool
        let waitingForOthers: Bool
        let approvedNow: Bool
        let alreadyApproved: Bool
        let notificationError: String?
        let error: String?
        /// In demo mode: the sign-in page that comes back to this request as somebody else.
        let switchUser: String?
    }

    /// What happened on this visit besides looking: an approval just made, or a refusal.
    enum Outcome {
        case viewed
        case approved
        /// Approved again: it had been approved before, and nothing changed.
        case alreadyApproved
        case refused(String)
    }

    func activationRequest(_ view: RequestView, condition: ResourceCondition?, token: String, outcome: Outcome, now: Timestamp, user: SignedIn) -> HTMLPage {
        let pending = if case .pending = view.state { true } else { false }
        let error: String? = if case .refused(let message) = outcome { message } else { nil }
        let approvedNow = if case .approved = outcome { true } else { false }
        let alreadyApproved = if case .alreadyApproved = outcome { true } else { false }
        return render("activation", ActivationRequestModel(
            request: RequestPageModel(view.request, state: view.state, condition: condition, now: now, chrome: chrome("Request for \(view.request.role)", user: user)),
            token: token, csrf: user.csrf, canApprove: view.canApprove, waitingForOthers: view.viewerIsBeneficiary && pending,
            approvedNow: approvedNow, alreadyApproved: alreadyApproved, notificationError: view.notificationError, error: error,
            switchUser: isDemo ? ReturnPath.signInPage("/signin", returningTo: "/?activation=" + ActivationLinks.obfuscate(token)) : nil
        ))
    }
}

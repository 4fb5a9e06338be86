import JITAccessCore

/// The JSON shapes of peer approval: peers, the request body, and the activation response for
/// a request.
extension APIModels {
    /// `GET /api/projects/{p}/peers`.
    struct Peers: Encodable {
        let peers: [User]
    }

    /// The body of `POST /api/projects/{p}/roles/request`.
    struct RequestBody: Decodable {
        let entitlementId: String
        let justification: String
        let peers: [String]
        /// Minutes; the default duration when absent.
        let activationTimeout: WholeMinutes?
    }

    /// The answer when a request was signed but its e-mail could not be sent (502): the
    /// requester must pass the link on.
    struct UndeliveredRequest: Encodable {
        let message: String
        let approvalLink: String

        init(reason: String, approvalLink: String) {
            message = "The request was created, but it could not be e-mailed (\(reason)). Send this link to the reviewers yourself: \(approvalLink)"
            self.approvalLink = approvalLink
        }
    }
}

extension APIModels.ActivationStatus {
    /// The response for a peer-approval request as `view` shows it; `resourceCondition` is the
    /// condition the request is about, when known.
    init(request view: RequestView, resourceCondition: ResourceCondition?) {
        self.init(
            request: view.request, state: view.state, isBeneficiary: view.viewerIsBeneficiary, isReviewer: view.viewerIsReviewer,
            resourceCondition: resourceCondition
        )
    }

    /// The response to the requester for a request just submitted: it waits for approval.
    init(submitted: SubmittedRequest, resourceCondition: ResourceCondition?) {
        self.init(
            request: submitted.request, state: .pending(validUntil: submitted.request.expiresAt), isBeneficiary: true, isReviewer: false,
            resourceCondition: resourceCondition
        )
    }

    private init(request: ActivationRequest, state: RequestState, isBeneficiary: Bool, isReviewer: Bool, resourceCondition: ResourceCondition?) {
        let id = EntitlementId(project: request.entitlement.project, role: request.role, resourceCondition: resourceCondition)
        let (name, status, validUntil, approver): (String, String, Timestamp?, UserId?) = switch state {
        case .pending(let until): ("pending", EntitlementStatus.activationPending.rawValue, until, nil)
        case .approved(let approver, let until): ("approved", EntitlementStatus.active.rawValue, until, approver)
        case .expired: ("expired", "EXPIRED", nil, nil)
        }
        beneficiary = APIModels.User(request.beneficiary)
        reviewers = request.reviewers.map(APIModels.User.init)
        self.isBeneficiary = isBeneficiary
        self.isReviewer = isReviewer
        justification = request.justification
        entitlements = [APIModels.ActivatedEntitlement(
            activationId: request.id, projectId: id.project.id, id: id.description, name: id.role,
            resourceCondition: resourceCondition?.expression, status: status,
            startTime: request.window.start.secondsSinceEpoch, endTime: request.window.end.secondsSinceEpoch
        )]
        requestState = name
        self.validUntil = validUntil?.secondsSinceEpoch
        approvedBy = approver.map(APIModels.User.init)
    }
}

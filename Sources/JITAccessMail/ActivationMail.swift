import Foundation
import JITAccessCore

/// Writes the e-mails of the peer-approval flow: the request to the reviewers (requester in
/// copy) and the confirmation to the requester once approved.
public struct ActivationMail: Sendable {
    public let sender: MailAddress
    public let timeZone: TimeZone

    public init(sender: MailAddress, timeZone: TimeZone) {
        self.sender = sender
        self.timeZone = timeZone
    }

    /// Reads sender and time zone from `configuration`.
    public init(configuration: MailConfiguration) {
        self.init(sender: configuration.sender, timeZone: configuration.timeZone)
    }

    /// The message for `notification`, dated `date`. Throws ``JITAccessError/invalidArgument(_:)``
    /// when an address cannot be used in mail (non-ASCII).
    public func message(for notification: ActivationNotification, date: Timestamp) throws -> MailMessage {
        switch notification {
        case .approvalRequested(let request, let approvalLink, let statusLink):
            return try approvalRequest(request, approvalLink: approvalLink, statusLink: statusLink, date: date)
        case .requestApproved(let request, let approver, let statusLink):
            return try approval(request, approver: approver, statusLink: statusLink, date: date)
        }
    }

    private var time: NotificationTime { NotificationTime(timeZone: timeZone) }

    private func approvalRequest(_ request: ActivationRequest, approvalLink: String, statusLink: String, date: Timestamp) throws -> MailMessage {
        let requester = request.beneficiary.email
        let entitlement = request.entitlement
        let reviewers = request.reviewers.map(\.email).joined(separator: ", ")
        let document = MailDocument(title: "Approval requested", blocks: [
            .paragraph("\(requester) asks for temporary access to \(entitlement.role) on project \(entitlement.project.id), and named you as a reviewer."),
            .fields(requestFields(request) + [
                .init(label: "Access from", value: time.format(request.window.start)),
                .init(label: "Access until", value: time.format(request.window.end)),
            ]),
            .action(title: "Review the request", url: approvalLink),
            .paragraph("Any one of the reviewers can approve: \(reviewers). The request stays valid until \(time.format(request.expiresAt)); after that it expires without access being granted."),
            .link("For \(requester), who asked: follow the status of your request here.", url: statusLink),
            .note("Sent by JIT Access because \(requester) named you as a reviewer. Approve only if you know why this access is needed."),
        ])
        return try MailMessage(
            from: sender,
            to: request.reviewers.map { try MailAddress($0) },
            cc: [MailAddress(request.beneficiary)],
            subject: "\(requester) requests access to \(entitlement.role) on \(entitlement.project.id)",
            textBody: document.text, htmlBody: document.html, date: date,
            links: [approvalLink, statusLink]
        )
    }

    private func approval(_ request: ActivationRequest, approver: UserId, statusLink: String, date: Timestamp) throws -> MailMessage {
        let entitlement = request.entitlement
        let document = MailDocument(title: "Access approved", blocks: [
            .paragraph("\(approver.email) approved your request for \(entitlement.role) on project \(entitlement.project.id). Your access lasts until \(time.format(request.window.end))."),
            .fields(requestFields(request) + [
                .init(label: "Approved by", value: approver.email),
                .init(label: "Active from", value: time.format(request.window.start)),
                .init(label: "Active until", value: time.format(request.window.end)),
            ]),
            .action(title: "See the status", url: statusLink),
            .note("Sent by JIT Access to \(request.beneficiary.email), with the reviewers of the request in copy."),
        ])
        return try MailMessage(
            from: sender,
            to: [MailAddress(request.beneficiary)],
            cc: request.reviewers.filter { $0 != request.beneficiary }.map { try MailAddress($0) },
            subject: "\(approver.email) approved your access to \(entitlement.role) on \(entitlement.project.id)",
            textBody: document.text, htmlBody: document.html, date: date,
            links: [statusLink]
        )
    }

    /// Who, what, where and why: the fields both messages show.
    private func requestFields(_ request: ActivationRequest) -> [MailDocument.Field] {
        var fields: [MailDocument.Field] = [
            .init(label: "Requester", value: request.beneficiary.email),
            .init(label: "Role", value: request.entitlement.role, isCode: true),
            .init(label: "Project", value: request.entitlement.project.id, isCode: true),
        ]
        if let condition = request.entitlement.resourceCondition {
            fields.append(.init(label: "Condition", value: condition.expression, isCode: true))
        }
        fields.append(.init(label: "Justification", value: request.justification))
        return fields
    }
}

import Foundation
import JITAccessCore
import JITAccessRuntime
import JITAccessTestSupport
import Testing
@testable import JITAccessMail

@Suite struct OutboxTests {
    /// A fresh folder that does not exist yet, removed after `body`.
    func withOutbox(_ body: (Outbox) async throws -> Void) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("jitaccess-outbox-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        try await body(Outbox(directory: directory.appendingPathComponent("outbox").path))
    }

    func notifier(_ outbox: Outbox) throws -> MailNotifier {
        MailNotifier(transport: outbox, mail: try MailFixtures.mail(), clock: TestClock(MailFixtures.requestStart))
    }

    @Test func aMissingOutboxIsEmpty() async throws {
        try await withOutbox { outbox in
            let messages = try outbox.messages()
            let message = try outbox.message(id: "20240101T000000.000000000Z-00000000")
            #expect(messages.isEmpty)
            #expect(message == nil)
        }
    }

    @Test func notificationsAreStoredAndReadBackNewestFirst() async throws {
        try await withOutbox { outbox in
            let notifier = try notifier(outbox)
            let request = try MailFixtures.request()
            try await notifier.send(.approvalRequested(request, approvalLink: MailFixtures.approvalLink, statusLink: MailFixtures.statusLink))
            try await notifier.send(.requestApproved(request, approver: MailFixtures.user("bob@example.com"), statusLink: MailFixtures.statusLink))

            let messages = try outbox.messages()
            try #require(messages.count == 2)
            let (approval, approvalRequest) = (messages[0], messages[1])
            #expect(approval.id > approvalRequest.id)
            #expect(approvalRequest.subject == "alice@example.com requests access to roles/cloudsql.admin on prod-db-1234")
            #expect(approvalRequest.from == "JIT Access <jit@example.com>")
            #expect(approvalRequest.to == ["bob@example.com", "carol@example.com"])
            #expect(approvalRequest.cc == ["alice@example.com"])
            #expect(approvalRequest.date == MailFixtures.requestStart)
            #expect(approvalRequest.links == [MailFixtures.approvalLink, MailFixtures.statusLink])
            #expect(approvalRequest.textBody.contains(MailFixtures.approvalLink))
            #expect(approvalRequest.htmlBody.contains("Review the request"))
            #expect(approval.subject == "bob@example.com approved your access to roles/cloudsql.admin on prod-db-1234")
            #expect(approval.to == ["alice@example.com"])
            #expect(try outbox.message(id: approvalRequest.id) == approvalRequest)
        }
    }

    @Test func eachMessageIsAlsoAnEMLFileAndNothingElseIsLeft() async throws {
        try await withOutbox { outbox in
            let message = try MailFixtures.message(subject: "Grüße", text: "text", html: "<p>html</p>")
            let stored = try outbox.store(message)
            let files = try FileManager.default.contentsOfDirectory(atPath: outbox.directory).sorted()
            #expect(files == ["\(stored.id).eml", "\(stored.id).json"])
            let eml = try String(contentsOfFile: "\(outbox.directory)/\(stored.id).eml", encoding: .utf8)
            #expect(eml == message.rendered)
            #expect(try MIMEReader(eml).subject == "Grüße")
            #expect(OutboxFileName.isValid(stored.id))
        }
    }

    @Test(arguments: ["../cloud", "20240101T000000.000000000Z-0000000", "20240101T000000.000000000Z-0000000g", "", "x/../../etc/passwd"])
    func idsThatAreNotOutboxIdsFindNothing(id: String) async throws {
        try await withOutbox { outbox in
            try outbox.store(try MailFixtures.message(subject: "Hi"))
            #expect(try outbox.message(id: id) == nil)
        }
    }

    @Test func otherFilesInTheFolderAreIgnored() async throws {
        try await withOutbox { outbox in
            try outbox.store(try MailFixtures.message(subject: "Hi"))
            try Data("{}".utf8).write(to: URL(fileURLWithPath: "\(outbox.directory)/notes.json"))
            #expect(try outbox.messages().map(\.subject) == ["Hi"])
        }
    }

    @Test func aDamagedFileIsNamedInTheError() async throws {
        try await withOutbox { outbox in
            let stored = try outbox.store(try MailFixtures.message(subject: "Hi"))
            try Data("{".utf8).write(to: URL(fileURLWithPath: "\(outbox.directory)/\(stored.id).json"))
            #expect {
                try outbox.messages()
            } throws: { error in
                guard case .backend(let message) = error as? JITAccessError else { return false }
                return message.contains("\(stored.id).json")
            }
        }
    }

    @Test func namesSortInTheOrderTheyWereMade() {
        let names = (0..<50).map { _ in OutboxFileName.next() }
        #expect(names.allSatisfy(OutboxFileName.isValid))
        #expect(names == names.sorted())
    }
}

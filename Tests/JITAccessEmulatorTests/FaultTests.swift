import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import JITAccessCore
import JITAccessEmulator
import Testing

@Suite("Fault injection: POST /emulator/faults")
struct FaultTests {
    @Test("an injected fault answers the named method's next requests in Google's error format, then the method works again", arguments: [
        (503, "UNAVAILABLE"), (429, "RESOURCE_EXHAUSTED"), (500, "INTERNAL"), (409, "ABORTED"),
    ])
    func injected(status: Int, canonical: String) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let injected = try await client.call("/emulator/faults", body: #"{"status":\#(status),"count":2,"methods":["getIamPolicy"]}"#, token: nil)
            #expect(injected.status == .noContent, "\(injected.text)")
            #expect(try await client.call("/v3/projects/prod-db:setIamPolicy", body: "{}").status == .badRequest, "other methods are not affected")
            for _ in 0..<2 {
                let failed = try await client.getPolicy("projects/prod-db")
                #expect(failed.status.code == status)
                #expect(try failed.json["error"]?["code"] == .number(Double(status)))
                #expect(try failed.json["error"]?["status"] == .string(canonical))
                #expect(try failed.json["error"]?["message"]?.stringValue?.isEmpty == false)
            }
            #expect(try await client.getPolicy("projects/prod-db").status == .ok)
        }
    }

    @Test("a fault without methods hits every method; GET lists what is pending and DELETE clears it")
    func listAndClear() async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            _ = try await client.call("/emulator/faults", body: #"{"status":503,"count":5,"message":"down for maintenance"}"#, token: nil)
            let failed = try await client.call("/v1/projects/prod-db:analyzeIamPolicy?analysisQuery.identitySelector.identity=user:alice@example.com", method: .get)
            #expect(failed.status == .serviceUnavailable)
            #expect(try failed.json["error"]?["message"] == .string("down for maintenance"))
            let listed = try await client.call("/emulator/faults", method: .get, token: nil)
            #expect(try listed.json["faults"] == .array([.object(["status": .number(503), "count": .number(4), "message": .string("down for maintenance")])]))
            #expect(try await client.call("/emulator/faults", method: .delete, token: nil).status == .noContent)
            #expect(try await client.getPolicy("projects/prod-db").status == .ok)
        }
    }

    @Test("a malformed fault is refused with a message saying what to send", arguments: [
        (#"{"count":1}"#, "Send a fault"),
        (#"{"status":200,"count":1}"#, "400 to 599"),
        (#"{"status":503,"count":0}"#, "count"),
        (#"{"status":503,"count":1,"methods":["deleteProject"]}"#, "deleteProject"),
    ])
    func malformed(body: String, words: String) async throws {
        let fixture = try EmulatorFixture()
        try await fixture.application.test(.router) { client in
            let answer = try await client.call("/emulator/faults", body: body, token: nil)
            #expect(answer.status == .badRequest)
            #expect(try answer.json["error"]?["message"]?.stringValue?.contains(words) == true, "\(answer.text)")
        }
    }
}

import Foundation
import HTTPTypes
import Hummingbird
import JITAccessCore
import Testing
@testable import JITAccessWeb

/// The small parts: form tokens, form bodies, origin checks, audit lines.
@Suite struct ComponentTests {
    @Test func tokensAreBoundToTheUserAndThePurpose() throws {
        let tokens = FormTokens(key: .random())
        let alice = try #require(UserId("alice@example.com"))
        let bob = try #require(UserId("bob@example.com"))
        #expect(throws: Never.self) { try tokens.check(tokens.token(for: alice), for: alice) }
        #expect(throws: JITAccessError.self) { try tokens.check(tokens.token(for: bob), for: alice) }
        #expect(throws: JITAccessError.self) { try tokens.check(tokens.token(for: alice).uppercased(), for: alice) }
        #expect(throws: JITAccessError.self) { try tokens.check(String(tokens.token(for: alice).dropLast(2)), for: alice) }
        // A sign-in token over the nonce "alice@example.com" is not alice's form token.
        #expect(throws: JITAccessError.self) { try tokens.check(tokens.signInToken(nonce: alice.email), for: alice) }
        #expect(throws: JITAccessError.self) { try tokens.checkSignIn(tokens.signInToken(nonce: "a"), nonce: "b") }
        #expect(throws: Never.self) { try tokens.checkSignIn(tokens.signInToken(nonce: "a"), nonce: "a") }
    }

    @Test(arguments: [
        ("a=1&b=2", "a", ["1"]),
        ("entitlement=x&entitlement=y", "entitlement", ["x", "y"]),
        ("j=a+b%20c%2B%26%3D", "j", ["a b c+&="]),
        ("j=%E2%9C%93", "j", ["✓"]),
        ("j=%zz%4", "j", ["%zz%4"]),
        ("empty=&flag", "flag", [""]),
        ("", "a", []),
    ])
    func formBodiesAreDecoded(body: String, name: String, values: [String]) {
        #expect(FormBody(body).all(name) == values)
    }

    @Test(arguments: [
        ("http://localhost", "localhost", true),
        ("http://127.0.0.1:8080", "127.0.0.1:8080", true),
        ("HTTP://LOCALHOST:80", "localhost", true),
        ("https://example.com", "example.com:443", true),
        ("https://evil.example", "localhost", false),
        ("http://localhost:8081", "localhost:8080", false),
        ("http://localhost.evil.example", "localhost", false),
        ("null", "localhost", false),
        ("ftp://localhost", "localhost", false),
        ("http://localhost", "", false),
    ])
    func originsAreComparedWithTheHost(origin: String, host: String, same: Bool) {
        #expect(CrossSiteRequestMiddleware.isSameOrigin(origin, host: host) == same)
    }

    @Test func auditLinesHaveCloudLoggingsShape() throws {
        let line = CloudLoggingAuditLog.line(for: AuditEvent(
            name: "api.activateRole", severity: .notice, message: "User alice activated \"x\"\nnext",
            labels: ["user": "alice@example.com", "role": "roles/x"]
        ))
        #expect(line.hasSuffix("}\n"))
        #expect(line.dropLast().contains("\n") == false, "one event, one line")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
        #expect(object["severity"] as? String == "NOTICE")
        #expect(object["message"] as? String == "User alice activated \"x\"\nnext")
        #expect(object["logging.googleapis.com/labels"] as? [String: String] == ["event": "api.activateRole", "user": "alice@example.com", "role": "roles/x"])
    }

    @Test func timesAreShownInUTCWithAMachineReadableForm() {
        let time = TimeView(Timestamp(secondsSinceEpoch: 1_700_000_000))
        #expect(time.iso == "2023-11-14T22:13:20Z")
        #expect(time.text == "2023-11-14 22:13 UTC")
    }
}

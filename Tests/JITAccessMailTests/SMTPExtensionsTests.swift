import Foundation
import JITAccessCore
import JITAccessRuntime
import NIOCore
import Testing
@testable import JITAccessMail

@Suite struct SMTPExtensionsTests {
    func extensions(_ lines: [String]) -> SMTPExtensions {
        SMTPExtensions(ehloReply: SMTPReply(code: 250, lines: ["smtp.example.com"] + lines))
    }

    @Test func startTLSAndAuthMechanisms() {
        let offered = extensions(["SIZE 1000", "STARTTLS", "AUTH LOGIN PLAIN"])
        #expect(offered.supportsStartTLS)
        #expect(offered.authMechanisms == ["LOGIN", "PLAIN"])
        #expect(offered.preferredAuthMechanism == .plain)
    }

    @Test func oldStyleAuthAndLoginOnly() {
        let offered = extensions(["auth=login", "8BITMIME"])
        #expect(!offered.supportsStartTLS)
        #expect(offered.preferredAuthMechanism == .login)
    }

    @Test func nothingInCommon() {
        #expect(extensions(["AUTH CRAM-MD5 XOAUTH2"]).preferredAuthMechanism == nil)
        #expect(extensions([]).preferredAuthMechanism == nil)
    }

    @Test func theGreetingLineIsNoExtension() {
        #expect(!SMTPExtensions(ehloReply: SMTPReply(code: 250, lines: ["STARTTLS"])).supportsStartTLS)
    }
}

import Foundation
import JITAccessCore
import Testing
@testable import JITAccessMail

@Suite struct SMTPDataTests {
    @Test(arguments: [
        ("a\r\nb\r\n", "a\r\nb\r\n.\r\n"),
        ("a\nb", "a\r\nb\r\n.\r\n"),
        ("a\rb", "a\r\nb\r\n.\r\n"),
        (".a\r\n", "..a\r\n.\r\n"),
        ("a\r\n.\r\nb", "a\r\n..\r\nb\r\n.\r\n"),
        ("a\r\n..b", "a\r\n...b\r\n.\r\n"),
        ("a\r\n.", "a\r\n..\r\n.\r\n"),
        ("a.b\r\n", "a.b\r\n.\r\n"),
    ])
    func dotStuffingAndLineBreaks(input: String, expected: String) {
        #expect(SMTPData.encode(input) == expected)
    }
}

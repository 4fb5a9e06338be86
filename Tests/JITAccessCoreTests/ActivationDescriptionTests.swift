import JITAccessCore
import Testing

@Suite("Activation descriptions")
struct ActivationDescriptionTests {
    @Test func theFormatsOfJITAccess1xAndTheRequestId() throws {
        #expect(ActivationDescription.selfApproved(justification: "BUG-1").text == "Self-approved, justification: BUG-1")
        let approved = ActivationDescription.approved(by: Sample.bob, request: "mpa-1a2b", justification: "INC-7, urgent")
        #expect(approved.text == "Approved by bob@example.com, request mpa-1a2b, justification: INC-7, urgent")
        #expect(ActivationDescription(parsing: approved.text) == approved)
        let written1x = try #require(ActivationDescription(parsing: "Approved by bob@example.com, justification: INC-7, request mpa-0"))
        #expect(written1x.approver == Sample.bob)
        #expect(written1x.requestId == nil, "a justification cannot name a request")
        #expect(written1x.justification == "INC-7, request mpa-0")
        #expect(ActivationDescription(parsing: "Self-approved, justification: x")?.approver == nil)
        #expect(ActivationDescription(parsing: "Granted by hand") == nil)
    }

    @Test func everyDescriptionFitsTheBudget() throws {
        let longAddress = try #require(UserId(String(repeating: "a", count: 60) + "@" + String(repeating: "b", count: 60) + ".example.com"))
        let justifications = [
            String(repeating: "x", count: 100), String(repeating: "€", count: 66), String(repeating: "e\u{301}", count: 50), "short",
        ]
        for justification in justifications {
            for description in [
                ActivationDescription.selfApproved(justification: justification),
                .approved(by: longAddress, request: "mpa-" + String(repeating: "f", count: 32), justification: justification),
            ] {
                let text = description.text
                #expect(text.utf8.count <= ActivationDescription.maxBytes, "\(text.utf8.count) bytes")
                #expect(text.unicodeScalars.allSatisfy { $0 != "\u{FFFD}" }, "never cut inside a scalar")
                if text.utf8.count < ActivationDescription.maxBytes - 3 {
                    #expect(text.hasSuffix(justification))
                } else {
                    #expect(text.hasSuffix("…"))
                }
            }
        }
    }
}

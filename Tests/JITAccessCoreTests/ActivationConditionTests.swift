import JITAccessCore
import Testing

@Suite("Activation conditions")
struct ActivationConditionTests {
    let start = Timestamp(rfc3339: "2020-01-01T00:00:00Z")!
    let end = Timestamp(rfc3339: "2020-01-01T00:05:00Z")!

    @Test func formatsTheTemporalConditionExactly() {
        let condition = ActivationCondition(window: ActivationWindow(start: start, end: end), resourceCondition: nil)
        #expect(condition.expression == #"(request.time >= timestamp("2020-01-01T00:00:00Z") && request.time < timestamp("2020-01-01T00:05:00Z"))"#)
        let binding = condition.condition(description: ActivationDescription.selfApproved(justification: "BUG-1").text)
        #expect(binding.title == "JIT access activation")
        #expect(binding.description == "Self-approved, justification: BUG-1")
    }

    @Test func formatsWithAResourceCondition() throws {
        let resourceCondition = try #require(ResourceCondition("a>b && b <    c"))
        let condition = ActivationCondition(window: ActivationWindow(start: start, end: end), resourceCondition: resourceCondition)
        #expect(condition.expression == #"((request.time >= timestamp("2020-01-01T00:00:00Z") && request.time < timestamp("2020-01-01T00:05:00Z"))) && (a > b && b < c)"#)
        let parsed = try #require(ActivationCondition(condition.condition(description: "x")))
        #expect(parsed == condition)
    }

    /// Found by fuzzing (Fuzz/Corpus/condition/eligibility-that-expires): an activation of an
    /// eligibility that expires carries the expiry into its condition, and was then no longer
    /// recognised as an activation, for having two end bounds.
    @Test func readsBackAnActivationWhoseResourceConditionIsATimeBound() throws {
        let eligibility = try #require(EligibilityCondition(expression: #"has({}.jitAccessConstraint) && request.time < timestamp("2030-01-01T00:00:00Z")"#))
        let condition = ActivationCondition(window: ActivationWindow(start: start, end: end), resourceCondition: eligibility.resourceCondition)
        let parsed = try #require(ActivationCondition(condition.condition(description: "x")))
        #expect(parsed == condition)
        #expect(parsed.window == ActivationWindow(start: start, end: end))
        #expect(parsed.resourceCondition?.expression == #"request.time < timestamp("2030-01-01T00:00:00Z")"#)
    }

    @Test func describesPeerApprovals() throws {
        let reviewer = try #require(UserId("Bob@Example.com"))
        #expect(ActivationDescription.approved(by: reviewer, request: "mpa-7", justification: "INC-7").text == "Approved by bob@example.com, request mpa-7, justification: INC-7")
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let title: String?
        let expression: String
        let window: (String, String)?
        var testDescription: String { "\(title ?? "nil"): \(expression)" }
    }

    @Test(arguments: [
        Case(title: "JIT access activation", expression: #"(request.time >= timestamp("2020-01-01T00:00:00Z") && request.time < timestamp("2020-01-01T00:05:00Z"))"#, window: ("2020-01-01T00:00:00Z", "2020-01-01T00:05:00Z")),
        Case(title: "JIT access activation", expression: #"request.time >= timestamp("2020-01-01T00:00:00Z") && request.time < timestamp("2020-01-01T00:05:00Z")"#, window: ("2020-01-01T00:00:00Z", "2020-01-01T00:05:00Z")),
        Case(title: "JIT access activation", expression: #" ( ( request.time>=timestamp( "2020-01-01T00:00:00Z" ) )&&(request.time <  timestamp('2020-01-01T00:05:00Z') ) ) "#, window: ("2020-01-01T00:00:00Z", "2020-01-01T00:05:00Z")),
        Case(title: "JIT access activation", expression: #"((request.time >= timestamp("2020-01-01T00:00:00Z") && request.time < timestamp("2020-01-01T00:05:00Z"))) && (a > b)"#, window: ("2020-01-01T00:00:00Z", "2020-01-01T00:05:00Z")),
        Case(title: "JIT access activation", expression: #"(request.time >= timestamp("2020-01-01T01:00:00+01:00") && request.time < timestamp("2020-01-01T00:05:00.500Z"))"#, window: ("2020-01-01T00:00:00Z", "2020-01-01T00:05:00Z")),
        Case(title: "JIT access activation", expression: "a<b", window: nil),
        Case(title: "Some other title", expression: #"(request.time >= timestamp("2020-01-01T00:00:00Z") && request.time < timestamp("2020-01-01T00:05:00Z"))"#, window: nil),
        Case(title: nil, expression: #"(request.time >= timestamp("2020-01-01T00:00:00Z") && request.time < timestamp("2020-01-01T00:05:00Z"))"#, window: nil),
        Case(title: "jit access activation", expression: #"(request.time >= timestamp("2020-01-01T00:00:00Z") && request.time < timestamp("2020-01-01T00:05:00Z"))"#, window: nil),
        Case(title: "JIT access activation", expression: #"(request.time >= timestamp("2020-01-01T00:05:00Z") && request.time < timestamp("2020-01-01T00:00:00Z"))"#, window: nil),
        Case(title: "JIT access activation", expression: #"request.time >= timestamp("2020-01-01T00:00:00Z") || request.time < timestamp("2020-01-01T00:05:00Z")"#, window: nil),
        Case(title: "JIT access activation", expression: #"request.time >= timestamp("2020-01-01T00:00:00Z")"#, window: nil),
        Case(title: "JIT access activation", expression: #"(request.time >= timestamp("not a time") && request.time < timestamp("2020-01-01T00:05:00Z"))"#, window: nil),
    ])
    func recognisesActivations(_ example: Case) {
        let parsed = ActivationCondition(IAMCondition(title: example.title, expression: example.expression))
        if let (start, end) = example.window {
            #expect(parsed?.window.start.rfc3339 == start)
            #expect(parsed?.window.end.rfc3339 == end)
        } else {
            #expect(parsed == nil)
        }
    }

    @Test func readsTheResourceConditionBack() throws {
        let parsed = try #require(ActivationCondition(IAMCondition(
            title: "JIT access activation",
            expression: #"((request.time >= timestamp("2020-01-01T00:00:00Z") && request.time < timestamp("2020-01-01T00:05:00Z"))) && (a>b && b <    c)"#
        )))
        #expect(parsed.resourceCondition?.expression == "a > b && b < c")
    }

    @Test func windowsIncludeTheStartAndExcludeTheEnd() {
        let window = ActivationWindow(start: start, end: end)
        #expect(window.contains(start))
        #expect(window.contains(end.adding(seconds: -1)))
        #expect(!window.contains(end))
        #expect(!window.contains(start.adding(seconds: -1)))
    }

    @Test(arguments: [
        ("1970-01-01T00:00:00Z", Int64(0)),
        ("2020-01-01T00:00:00Z", Int64(1_577_836_800)),
        ("2024-02-29T23:59:59Z", Int64(1_709_251_199)),
        ("2020-01-01T02:00:00+02:00", Int64(1_577_836_800)),
        ("2020-01-01t00:00:00.123456z", Int64(1_577_836_800)),
    ])
    func parsesAndFormatsTimestamps(text: String, seconds: Int64) throws {
        let timestamp = try #require(Timestamp(rfc3339: text))
        #expect(timestamp.secondsSinceEpoch == seconds)
        #expect(Timestamp(rfc3339: timestamp.rfc3339) == timestamp)
    }

    /// Formatting is pure arithmetic (no libc in the domain): checked against dates on both
    /// sides of the epoch, leap days and the ends of four-digit years.
    @Test(arguments: [
        (Int64(-1), "1969-12-31T23:59:59Z"), (Int64(-86_400), "1969-12-31T00:00:00Z"), (Int64(951_782_400), "2000-02-29T00:00:00Z"),
        (Int64(4_107_542_399), "2100-02-28T23:59:59Z"), (Int64(253_402_300_799), "9999-12-31T23:59:59Z"), (Int64(-62_135_596_800), "0001-01-01T00:00:00Z"),
    ])
    func formatsTimestamps(seconds: Int64, text: String) {
        #expect(Timestamp(secondsSinceEpoch: seconds).rfc3339 == text)
    }

    @Test(arguments: ["", "2020-01-01", "2020-13-01T00:00:00Z", "2020-01-01T00:00:00", "2020-01-01T00:00:00Zjunk", "2020-01-01T25:00:00Z", "２020-01-01T00:00:00Z"])
    func rejectsMalformedTimestamps(text: String) {
        #expect(Timestamp(rfc3339: text) == nil)
    }
}

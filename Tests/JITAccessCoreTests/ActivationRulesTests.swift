import JITAccessCore
import Testing

@Suite("Request rules")
struct ActivationRulesTests {
    @Test func defaultsMatchJITAccess() throws {
        let rules = try ActivationRules(environment: ConfigurationSource([:]))
        #expect(rules.justificationPattern == ".*")
        #expect(rules.justificationHint == "Bug or case number")
        #expect(rules.maxActivationMinutes == 120)
        #expect(rules.defaultActivationMinutes == 60)
        #expect(rules.maxRolesPerRequest == 10)
    }

    @Test func theDefaultChoiceNeverExceedsTheMaximum() throws {
        let rules = try ActivationRules(environment: ConfigurationSource(["ACTIVATION_TIMEOUT": "30"]))
        #expect(rules.defaultActivationMinutes == 30)
    }

    @Test func readsTheOldNameOfTheTimeout() throws {
        let rules = try ActivationRules(environment: ConfigurationSource(["ELEVATION_DURATION": "45"]))
        #expect(rules.maxActivationMinutes == 45)
    }

    @Test(arguments: [
        (["ACTIVATION_TIMEOUT": "ten"], "ACTIVATION_TIMEOUT"),
        (["ACTIVATION_TIMEOUT": "0"], "ACTIVATION_TIMEOUT"),
        (["ELEVATION_DURATION": "-5"], "ELEVATION_DURATION"),
        (["ACTIVATION_REQUEST_MAX_ROLES": "0"], "ACTIVATION_REQUEST_MAX_ROLES"),
        (["JUSTIFICATION_PATTERN": "(unclosed"], "JUSTIFICATION_PATTERN"),
    ])
    func badConfigurationNamesTheVariable(environment: [String: String], variable: String) {
        #expect(throws: ConfigurationError.self) { try ActivationRules(environment: ConfigurationSource(environment)) }
        do {
            _ = try ActivationRules(environment: ConfigurationSource(environment))
        } catch {
            #expect(error.variable == variable)
        }
    }

    @Test(arguments: [
        ("", "Enter a justification"),
        ("   \t ", "Enter a justification"),
        (String(repeating: "x", count: 101), "at most 100"),
        ("line one\nline two", "U+000A, a control character, at position 9"),
        ("tab\tinside", "U+0009, a control character, at position 4"),
        ("BUG-1 \u{202E}txt.exe", "U+202E RIGHT-TO-LEFT OVERRIDE, an invisible formatting character, at position 7"),
        ("BUG-2 \u{2067}isolated\u{2069}", "U+2067 RIGHT-TO-LEFT ISOLATE"),
        ("not a ticket", "Expected: A ticket like BUG-123"),
    ])
    func refusesBadJustifications(justification: String, expected: String) throws {
        let rules = try ActivationRules(justificationPattern: "BUG-[0-9]+.*|not a ticketX|x+|line.*|tab.*", justificationHint: "A ticket like BUG-123")
        #expect(throws: JITAccessError.self) { try rules.validate(justification: justification) }
        do {
            try rules.validate(justification: justification)
        } catch {
            guard case .invalidArgument(let message) = error else {
                Issue.record("expected invalidArgument, got \(error)")
                return
            }
            #expect(message.contains(expected), "\(message)")
            #expect(message.contains("A ticket like BUG-123"), "the hint is shown: \(message)")
        }
    }

    @Test func thePatternMustMatchTheWholeJustification() throws {
        let rules = try ActivationRules(justificationPattern: "BUG-[0-9]+")
        try rules.validate(justification: "BUG-42")
        #expect(throws: JITAccessError.self) { try rules.validate(justification: "see BUG-42") }
        #expect(throws: JITAccessError.self) { try rules.validate(justification: "BUG-42 and more") }
    }

    @Test func acceptsExactlyOneHundredCharacters() throws {
        let rules = try ActivationRules()
        try rules.validate(justification: String(repeating: "é", count: 100))
    }

    @Test(arguments: [(0, false), (1, true), (60, true), (120, true), (121, false), (-5, false)])
    func durationsRunFromOneMinuteToTheMaximum(minutes: Int, valid: Bool) throws {
        let rules = try ActivationRules()
        if valid {
            try rules.validate(minutes: minutes)
        } else {
            #expect(throws: JITAccessError.self) { try rules.validate(minutes: minutes) }
        }
    }

    @Test(arguments: [(0, false), (1, true), (3, true), (3, true), (4, false)])
    func roleCountsAreBounded(count: Int, valid: Bool) throws {
        let rules = try ActivationRules(maxRolesPerRequest: 3)
        if valid {
            try rules.validate(roleCount: count)
        } else {
            #expect(throws: JITAccessError.self) { try rules.validate(roleCount: count) }
        }
    }
}

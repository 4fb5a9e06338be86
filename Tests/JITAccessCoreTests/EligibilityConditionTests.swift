import JITAccessCore
import Testing

@Suite("Eligibility conditions")
struct EligibilityConditionTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let expression: String
        let type: ActivationType?
        let resourceCondition: String?
        var testDescription: String { expression }
    }

    @Test(arguments: [
        Case(expression: " \r\n\t has( {  }.jitAccessConstraint \t ) ", type: .jit, resourceCondition: nil),
        Case(expression: "HAS({}.JitacceSSConstraint)", type: .jit, resourceCondition: nil),
        Case(expression: "has({}.jitAccessConstraint)", type: .jit, resourceCondition: nil),
        Case(expression: "HAS({}.MultipARTYapproVALConstraint)", type: .mpa, resourceCondition: nil),
        Case(expression: "has({}.multiPartyApprovalConstraint)", type: .mpa, resourceCondition: nil),
        Case(expression: "HAS({}.JitacceSSConstraint) || 1<2", type: nil, resourceCondition: nil),
        Case(expression: "1<2 || HAS({}.JitacceSSConstraint)", type: nil, resourceCondition: nil),
        Case(expression: "a>b && HAS({}.JitacceSSConstraint)&& b <    c", type: .jit, resourceCondition: "a > b && b < c"),
        Case(expression: "(has({}.jitAccessConstraint))", type: .jit, resourceCondition: nil),
        Case(expression: "(has({}.jitAccessConstraint) && x == 1)", type: .jit, resourceCondition: "x == 1"),
        Case(expression: "has({}.jitAccessConstraint) && (a || b)", type: .jit, resourceCondition: "(a || b)"),
        Case(expression: "// eligible for JIT\nhas({}.jitAccessConstraint)\n// on logs only\n&& resource.name.startsWith(\"projects/_/buckets/logs\")", type: .jit, resourceCondition: "resource.name.startsWith(\"projects/_/buckets/logs\")"),
        Case(expression: "has({}.jitAccessConstraint) && s == '&&'", type: .jit, resourceCondition: "s == '&&'"),
        Case(expression: "has({}.multiPartyApprovalConstraint) && has({}.jitAccessConstraint)", type: .jit, resourceCondition: nil),
        Case(expression: "has({}.jitAccessConstraintX)", type: nil, resourceCondition: nil),
        Case(expression: "has({}.jitAccessConstraint) &&", type: nil, resourceCondition: nil),
        // An `&&` without an operand inside parentheses is not CEL either (found by fuzzing: an
        // activation could not carry the clause over).
        Case(expression: "has({}.jitAccessConstraint) && ( && a(b))", type: nil, resourceCondition: nil),
        Case(expression: "has({}.jitAccessConstraint) && (x == 1 && (y == 2 && ))", type: nil, resourceCondition: nil),
        Case(expression: "has({}.jitAccessConstraint) && (a", type: nil, resourceCondition: nil),
        Case(expression: "has({}.jitAccessConstraint) && s == 'unterminated", type: nil, resourceCondition: nil),
        Case(expression: "!has({}.jitAccessConstraint)", type: nil, resourceCondition: nil),
        Case(expression: "request.time < timestamp(\"2020-01-01T00:00:00Z\")", type: nil, resourceCondition: nil),
        Case(expression: "", type: nil, resourceCondition: nil),
        Case(expression: "has({}.jitAccessConstraint) && 'a \\' && b' == x", type: .jit, resourceCondition: "'a \\' && b' == x"),
        Case(expression: "has({}.jitAccessConstraint)\u{00A0}&&\u{2003}resource.name == \"projects/_/buckets/café\"", type: .jit, resourceCondition: "resource.name == \"projects/_/buckets/café\""),
        Case(expression: "has({}.jitAccessConstraint) && r'naïve\\d' == x", type: .jit, resourceCondition: "r'naïve\\d' == x"),
    ])
    func classifies(_ example: Case) {
        let condition = EligibilityCondition(expression: example.expression)
        #expect(condition?.type == example.type)
        #expect(condition?.resourceCondition?.expression == example.resourceCondition)
    }

    struct SplitCase: Sendable, CustomTestStringConvertible {
        let expression: String
        let clauses: [String]
        var testDescription: String { expression }
    }

    @Test(arguments: [
        SplitCase(expression: "(a && b && (c || d))", clauses: ["(a && b && (c || d))"]),
        SplitCase(expression: "s == '&&'", clauses: ["s == '&&'"]),
        SplitCase(expression: "s == \"&&\" && t", clauses: ["s == \"&&\"", "t"]),
        SplitCase(expression: "a && b&&c", clauses: ["a", "b", "c"]),
        SplitCase(expression: "f(a && b) && [x && y][0]", clauses: ["f(a && b)", "[x && y][0]"]),
        SplitCase(expression: "a\n// b && c\n&& d", clauses: ["a", "d"]),
        SplitCase(expression: "r'\\' && x == y", clauses: ["r'\\'", "x == y"]),
        SplitCase(expression: "R\"\\d && x\" == y", clauses: ["R\"\\d && x\" == y"]),
        SplitCase(expression: "'''a && 'b' && c''' == z && w", clauses: ["'''a && 'b' && c''' == z", "w"]),
        SplitCase(expression: "x > -1 && !y", clauses: ["x > -1", "!y"]),
        SplitCase(expression: "a in ['x','y']", clauses: ["a in ['x', 'y']"]),
        SplitCase(expression: "1e-5 < x", clauses: ["1e-5 < x"]),
    ])
    func splitsTopLevelConjunctions(_ example: SplitCase) throws {
        let expression = try #require(ConditionExpression(example.expression))
        #expect(expression.clauses.map(\.normalized) == example.clauses)
    }

    @Test func resourceConditionsCompareIgnoringSpacingAndParentheses() throws {
        let a = try #require(ResourceCondition("a>b && (b <    c)"))
        let b = try #require(ResourceCondition("((a > b) && b<c)"))
        let c = try #require(ResourceCondition("a > b && b < d"))
        #expect(a == b)
        #expect(a != c)
        #expect(a.expression == "a > b && (b < c)")
    }

    @Test func disjunctionsKeepTheirParentheses() throws {
        let wrapped = try #require(ResourceCondition("(a || b)"))
        let bare = try #require(ResourceCondition("a || b"))
        let conjunction = try #require(ResourceCondition("a && b"))
        #expect(wrapped == bare)
        #expect(wrapped != conjunction)
    }
}

/// The parts of CEL that jitaccess needs to read IAM conditions: clauses joined by a top-level
/// `&&`, string literals, comments, and a normalised spelling to compare clauses by.
///
/// In CEL, `? :` binds more loosely than `||`, which binds more loosely than `&&`: an
/// expression with a top-level `||` or `? :` is not a conjunction of its `&&`-separated parts,
/// so neither may be split into clauses (``isConjunction``).
///
/// It is deliberately not a CEL evaluator: jitaccess only has to tell marker clauses, temporal
/// clauses and the rest apart, and compare the rest.
public struct ConditionExpression: Sendable, Equatable {
    /// One lexical token of an expression.
    struct Token: Sendable, Equatable {
        enum Kind: Sendable, Equatable {
            case word, string, op, open, close, comma, dot, other
        }
        let kind: Kind
        let text: String
    }

    let tokens: [Token]

    /// Lexes `text`; returns `nil` for an unterminated string or unbalanced brackets, which
    /// jitaccess treats as "not a condition it understands".
    public init?(_ text: some StringProtocol) {
        guard let tokens = Self.lex(String(text)), Self.isBalanced(tokens) else { return nil }
        self.tokens = tokens
    }

    init(tokens: some Collection<Token>) {
        self.tokens = Array(tokens)
    }

    /// True when the expression has no tokens (empty, blank or only comments).
    public var isEmpty: Bool { tokens.isEmpty }

    /// The clauses joined by `&&` outside any brackets, in order.
    public var clauses: [ConditionExpression] {
        split(on: "&&")
    }

    /// True when `||` appears outside any brackets: then the expression is a disjunction, and no
    /// single clause is guaranteed to hold.
    public var hasTopLevelOr: Bool {
        split(on: "||").count > 1
    }

    /// True when `?` or `:` appears outside any brackets: `a ? b : c && d` reads
    /// `a ? b : (c && d)`, so no `&&`-separated part is guaranteed to hold.
    public var hasTopLevelConditional: Bool {
        var depth = 0
        for token in tokens {
            switch token.kind {
            case .open: depth += 1
            case .close: depth -= 1
            case .op where depth == 0 && (token.text == "?" || token.text == ":"): return true
            default: break
            }
        }
        return false
    }

    /// True when the expression holds exactly when each of its ``clauses`` holds: it has no
    /// top-level operator that binds more loosely than `&&`.
    public var isConjunction: Bool {
        !hasTopLevelOr && !hasTopLevelConditional
    }

    /// The number of logical operators (`&&`, `||`, `!`), which Google limits per condition.
    public var logicalOperatorCount: Int {
        tokens.count { $0.kind == .op && ($0.text == "&&" || $0.text == "||" || $0.text == "!") }
    }

    /// The expression without brackets that enclose all of it: `((a && b))` becomes `a && b`.
    public var withoutOuterParentheses: ConditionExpression {
        var slice = tokens[...]
        while slice.count >= 2, slice.first?.text == "(", slice.last?.text == ")", Self.closes(slice) {
            slice = slice.dropFirst().dropLast()
        }
        return ConditionExpression(tokens: slice)
    }

    /// The expression with single spaces around binary operators and after commas, and none
    /// elsewhere: `a>b` and `a >  b` both read `a > b`.
    public var normalized: String {
        var output = ""
        var previous: Token?
        var previousWasUnary = false
        for token in tokens {
            let unary = token.kind == .op && (token.text == "!" || token.text == "-") && Self.startsOperand(after: previous)
            if let previous {
                if Self.needsSpace(between: previous, and: token, previousWasUnary: previousWasUnary, currentIsUnary: unary) {
                    output.append(" ")
                }
            }
            output.append(token.text)
            previous = token
            previousWasUnary = unary
        }
        return output
    }

    /// The expression with all white space removed and lower-cased, for comparing marker clauses.
    var compact: String {
        tokens.map(\.text).joined().lowercased()
    }

    // MARK: - Lexing

    private static func lex(_ text: String) -> [Token]? {
        let scalars = Array(text.unicodeScalars)
        let source = Source(scalars: scalars, text: text)
        var tokens: [Token] = []
        var index = 0
        func peek(_ offset: Int = 0) -> Unicode.Scalar? {
            index + offset < scalars.count ? scalars[index + offset] : nil
        }
        while index < scalars.count {
            let scalar = scalars[index]
            if isWhitespace(scalar) {
                index += 1
            } else if scalar == "/", peek(1) == "/" {
                while index < scalars.count, scalars[index] != "\n" { index += 1 }
            } else if scalar == "\"" || scalar == "'" {
                guard let (token, end) = lexString(source, at: index, raw: false) else { return nil }
                tokens.append(token)
                index = end
            } else if isWordScalar(scalar) {
                let start = index
                let isNumber = ("0"..."9").contains(scalar)
                while let next = peek(), isWordScalar(next) || (isNumber && next == ".")
                    || (isNumber && (next == "+" || next == "-") && (scalars[index - 1] == "e" || scalars[index - 1] == "E"))
                {
                    index += 1
                }
                var word = source.text(start..<index)
                // String prefixes: r"raw", b'bytes', rb"..." and so on.
                if let quote = peek(), quote == "\"" || quote == "'", word.count <= 2,
                   word.lowercased().allSatisfy({ $0 == "r" || $0 == "b" })
                {
                    guard let (token, end) = lexString(source, at: index, raw: word.lowercased().contains("r")) else { return nil }
                    word += token.text
                    index = end
                    tokens.append(Token(kind: .string, text: word))
                } else {
                    tokens.append(Token(kind: .word, text: word))
                }
            } else {
                if let next = peek(1), let pair = twoCharacterOperator(scalar, next) {
                    tokens.append(Token(kind: .op, text: pair))
                    index += 2
                    continue
                }
                let text = String(scalar)
                let kind: Token.Kind = switch scalar {
                case "(", "[", "{": .open
                case ")", "]", "}": .close
                case ",": .comma
                case ".": .dot
                case "<", ">", "!", "+", "-", "*", "/", "%", "?", ":", "=", "&", "|": .op
                default: .other
                }
                tokens.append(Token(kind: kind, text: text))
                index += 1
            }
        }
        return tokens
    }

    /// Lexes a quoted string (single, double or triple quotes) starting at `start`.
    private static func lexString(_ source: Source, at start: Int, raw: Bool) -> (Token, Int)? {
        let scalars = source.scalars
        let quote = scalars[start]
        let triple = start + 2 < scalars.count && scalars[start + 1] == quote && scalars[start + 2] == quote
        let delimiterLength = triple ? 3 : 1
        var index = start + delimiterLength
        while index < scalars.count {
            let scalar = scalars[index]
            if scalar == "\\", !raw {
                index += 2
                continue
            }
            if !triple, scalar == "\n" { return nil }
            if scalar == quote {
                if !triple {
                    return (Token(kind: .string, text: source.text(start..<(index + 1))), index + 1)
                }
                if index + 2 < scalars.count, scalars[index + 1] == quote, scalars[index + 2] == quote {
                    return (Token(kind: .string, text: source.text(start..<(index + 3))), index + 3)
                }
            }
            index += 1
        }
        return nil
    }

    /// The expression being lexed, by Unicode scalar.
    private struct Source {
        let scalars: [Unicode.Scalar]
        /// The UTF-8 bytes when every scalar is ASCII, as is nearly always the case: then a
        /// scalar's position is its byte's, and a token's text is copied rather than rebuilt
        /// scalar by scalar.
        let ascii: [UInt8]?

        init(scalars: [Unicode.Scalar], text: String) {
            self.scalars = scalars
            ascii = scalars.count == text.utf8.count ? Array(text.utf8) : nil
        }

        func text(_ range: Range<Int>) -> String {
            if let ascii { return String(decoding: ascii[range], as: UTF8.self) }
            return String(String.UnicodeScalarView(scalars[range]))
        }
    }

    /// White space as Unicode defines it, with the ASCII answer first: the lexer asks for
    /// every character.
    private static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII ? scalar == " " || (0x09...0x0D).contains(scalar.value) : scalar.properties.isWhitespace
    }

    /// `&&`, `||`, `==`, `!=`, `<=` or `>=` when `first` and `second` spell one.
    private static func twoCharacterOperator(_ first: Unicode.Scalar, _ second: Unicode.Scalar) -> String? {
        switch (first, second) {
        case ("&", "&"): "&&"
        case ("|", "|"): "||"
        case ("=", "="): "=="
        case ("!", "="): "!="
        case ("<", "="): "<="
        case (">", "="): ">="
        default: nil
        }
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        ("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar) || scalar == "_"
    }

    private static func isBalanced(_ tokens: [Token]) -> Bool {
        var stack: [String] = []
        for token in tokens {
            switch token.kind {
            case .open: stack.append(token.text)
            case .close:
                guard let open = stack.popLast(), matching(open) == token.text else { return false }
            default: break
            }
        }
        return stack.isEmpty
    }

    private static func matching(_ open: String) -> String {
        switch open {
        case "(": ")"
        case "[": "]"
        default: "}"
        }
    }

    /// True when the bracket opening `slice` is the one that closes at its end.
    private static func closes(_ slice: ArraySlice<Token>) -> Bool {
        var depth = 0
        for (offset, token) in slice.enumerated() {
            if token.kind == .open { depth += 1 }
            if token.kind == .close { depth -= 1 }
            if depth == 0 { return offset == slice.count - 1 }
        }
        return false
    }

    private func split(on separator: String) -> [ConditionExpression] {
        var parts: [ConditionExpression] = []
        var depth = 0
        var start = tokens.startIndex
        for (index, token) in tokens.enumerated() {
            switch token.kind {
            case .open: depth += 1
            case .close: depth -= 1
            case .op where depth == 0 && token.text == separator:
                parts.append(ConditionExpression(tokens: tokens[start..<index]))
                start = index + 1
            default: break
            }
        }
        parts.append(ConditionExpression(tokens: tokens[start...]))
        return parts
    }

    // MARK: - Spacing

    /// Spaced on both sides, so that two operators never run together into a third (two lone
    /// `&` must not read back as `&&`).
    private static let binaryOperators: Set<String> = ["&&", "||", "==", "!=", "<", "<=", ">", ">=", "+", "-", "*", "/", "%", "?", ":", "=", "&", "|"]

    private static func startsOperand(after previous: Token?) -> Bool {
        guard let previous else { return true }
        switch previous.kind {
        case .op, .open, .comma: return true
        default: return previous.kind == .word && previous.text == "in"
        }
    }

    private static func needsSpace(between previous: Token, and current: Token, previousWasUnary: Bool, currentIsUnary: Bool) -> Bool {
        // Two operators written apart must not run together into another one: `! =` is not
        // `!=` (found by fuzzing, as `& &` was).
        if previous.kind == .op, current.kind == .op, let last = previous.text.last, let first = current.text.first,
           fusingPairs.contains(String([last, first]))
        {
            return true
        }
        // A number takes a following dot into itself: `0 .x` must not read back as `0.` and
        // `x` (found by fuzzing).
        if current.kind == .dot, previous.kind == .word, let first = previous.text.utf8.first, (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) {
            return true
        }
        if previousWasUnary { return false }
        if current.kind == .op, !currentIsUnary, binaryOperators.contains(current.text) { return true }
        if previous.kind == .op, binaryOperators.contains(previous.text) { return true }
        if previous.kind == .comma { return true }
        if previous.kind == .word, previous.text == "in" { return true }
        if previous.kind == .word || previous.kind == .string, current.kind == .word || current.kind == .string { return true }
        if currentIsUnary, previous.kind == .word { return true }
        return false
    }
}

extension ConditionExpression {
    /// The two-character operators CEL has: two operator tokens whose touching characters
    /// form one of them would read back as that operator.
    static let fusingPairs: Set<String> = ["!=", "==", "<=", ">=", "&&", "||"]

    /// The clauses joined by `&&`, with enclosing parentheses removed and nested conjunctions
    /// split as well; a parenthesised disjunction or conditional (`? :`) stays one clause.
    var flattenedClauses: [ConditionExpression] {
        let inner = withoutOuterParentheses
        if !inner.isConjunction { return [self] }
        let parts = inner.clauses
        return parts.count == 1 ? [inner] : parts.flatMap(\.flattenedClauses)
    }
}

import JITAccessCore

/// The `query` of Cloud Asset's `searchAllIamPolicies`, in the subset of Google's search
/// syntax that jitaccess sends, matched against one binding at a time:
/// - `policy:WORD` and `policy:"a phrase"` (and a bare word or phrase, Google's free text) match
///   a binding whose role, members or condition (title, description, expression) hold the
///   value's tokens one after the other. Tokens are what remains between characters other
///   than `[a-zA-Z0-9_&]`, compared case-insensitively, so `alice@example.com` is
///   `alice example com` and matches `user:alice@example.com` but not `malice@example.com`;
///   a trailing `*` matches any token the last one starts.
/// - `policy:(a OR b)` applies the field to each value inside the parentheses.
/// - `memberTypes:user` (or `group`, `serviceAccount`, `domain`, `allUsers`,
///   `allAuthenticatedUsers`) matches a binding with a member of that type; `roles:X` matches
///   the role by tokens.
/// - Terms are joined by `AND` (or just spaces), `OR`, `NOT` and parentheses.
///
/// Anything else (another field, `=` on `policy`, unbalanced parentheses, more than 10
/// comparisons or 2048 characters) is refused with 400 `INVALID_ARGUMENT`, as Google refuses
/// what it cannot parse.
struct IamPolicySearchQuery {
    static let maximumLength = 2048
    static let maximumComparisons = 10
    static let fields: Set<String> = ["policy", "memberTypes", "roles"]

    /// A value to match: its tokens, and whether the last one is a prefix (`alice*`).
    struct Value {
        let tokens: [String]
        let prefix: Bool
    }

    indirect enum Node {
        case term(field: String?, value: Value)
        case and(Node, Node)
        case or(Node, Node)
        case not(Node)
    }

    private enum Lexeme: Equatable {
        case open, close, word(String), phrase(String)
    }

    /// The whole query; `nil` for an empty one, which matches every binding.
    let root: Node?

    /// Parses `text`.
    init(_ text: String) throws(GoogleAPIError) {
        guard text.count <= Self.maximumLength else {
            throw .invalidArgument("The query is \(text.count) characters long; a query may have at most \(Self.maximumLength).")
        }
        var parser = Parser(lexemes: try Self.lex(text))
        if parser.lexemes.isEmpty {
            root = nil
        } else {
            root = try parser.expression(field: nil)
        }
        guard parser.position == parser.lexemes.count else {
            throw .invalidArgument("Invalid query '\(text)': unexpected ')'.")
        }
        guard parser.comparisons <= Self.maximumComparisons else {
            throw .invalidArgument("The query has \(parser.comparisons) comparisons; a query may have at most \(Self.maximumComparisons).")
        }
    }

    /// Whether `binding` matches the query.
    func matches(_ binding: IAMBinding) -> Bool {
        root.map { Self.matches($0, binding) } ?? true
    }

    private static func matches(_ node: Node, _ binding: IAMBinding) -> Bool {
        switch node {
        case .and(let left, let right): matches(left, binding) && matches(right, binding)
        case .or(let left, let right): matches(left, binding) || matches(right, binding)
        case .not(let inner): !matches(inner, binding)
        case .term(let field, let value): matches(field: field, value, binding)
        }
    }

    private static func matches(field: String?, _ value: Value, _ binding: IAMBinding) -> Bool {
        switch field ?? "" {
        case "memberTypes":
            let type = value.tokens.joined(separator: " ")
            return binding.members.contains { member in
                let kind = member.split(separator: ":", maxSplits: 1).first.map(String.init) ?? member
                return kind.lowercased() == type
            }
        case "roles":
            return contains(tokens(binding.role), value)
        default:
            let condition = binding.condition
            let texts = [binding.role] + binding.members + [condition?.title, condition?.description, condition?.expression].compactMap { $0 }
            return texts.contains { contains(tokens($0), value) }
        }
    }

    /// Whether `text` holds `value`'s tokens consecutively.
    private static func contains(_ text: [String], _ value: Value) -> Bool {
        guard !value.tokens.isEmpty, text.count >= value.tokens.count else { return false }
        return (0...(text.count - value.tokens.count)).contains { start in
            value.tokens.indices.allSatisfy { index in
                let word = text[start + index], wanted = value.tokens[index]
                return value.prefix && index == value.tokens.count - 1 ? word.hasPrefix(wanted) : word == wanted
            }
        }
    }

    /// `text` lower-cased and split on everything but `[a-z0-9_&]`.
    static func tokens(_ text: String) -> [String] {
        text.lowercased().split { character in
            !(character.isASCII && (character.isLetter || character.isNumber || character == "_" || character == "&"))
        }.map(String.init)
    }

    private static func lex(_ text: String) throws(GoogleAPIError) -> [Lexeme] {
        var lexemes: [Lexeme] = []
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            if character.isWhitespace {
                index = text.index(after: index)
            } else if character == "(" || character == ")" {
                lexemes.append(character == "(" ? .open : .close)
                index = text.index(after: index)
            } else if character == "\"" {
                var phrase = ""
                index = text.index(after: index)
                while index < text.endIndex, text[index] != "\"" {
                    if text[index] == "\\", text.index(after: index) < text.endIndex { index = text.index(after: index) }
                    phrase.append(text[index])
                    index = text.index(after: index)
                }
                guard index < text.endIndex else {
                    throw .invalidArgument("Invalid query '\(text)': a phrase is not closed with '\"'.")
                }
                lexemes.append(.phrase(phrase))
                index = text.index(after: index)
            } else {
                var word = ""
                while index < text.endIndex, !text[index].isWhitespace, !"()\"".contains(text[index]) {
                    word.append(text[index])
                    index = text.index(after: index)
                }
                lexemes.append(.word(word))
            }
        }
        return lexemes
    }

    /// A recursive-descent parser over the lexemes; `field` is the field of an enclosing
    /// `field:( … )`.
    private struct Parser {
        let lexemes: [Lexeme]
        var position = 0
        var comparisons = 0

        init(lexemes: [Lexeme]) {
            self.lexemes = lexemes
        }

        private var next: Lexeme? { position < lexemes.count ? lexemes[position] : nil }

        mutating func expression(field: String?) throws(GoogleAPIError) -> Node {
            var node = try conjunction(field: field)
            while next == .word("OR") {
                position += 1
                node = .or(node, try conjunction(field: field))
            }
            return node
        }

        private mutating func conjunction(field: String?) throws(GoogleAPIError) -> Node {
            var node = try unary(field: field)
            while let lexeme = next, lexeme != .close, lexeme != .word("OR") {
                if lexeme == .word("AND") { position += 1 }
                node = .and(node, try unary(field: field))
            }
            return node
        }

        private mutating func unary(field: String?) throws(GoogleAPIError) -> Node {
            guard let lexeme = next else {
                throw .invalidArgument("Invalid query: it ends where a term is expected.")
            }
            position += 1
            switch lexeme {
            case .word("NOT"):
                return .not(try unary(field: field))
            case .word("AND"), .word("OR"), .close:
                throw .invalidArgument("Invalid query: a term is expected before '\(lexeme == .close ? ")" : "AND/OR")'.")
            case .open:
                return try group(field: field)
            case .phrase(let phrase):
                return try term(field: field, phrase, prefix: false)
            case .word(let word):
                guard let colon = word.firstIndex(where: { $0 == ":" || $0 == "=" }) else {
                    return try term(field: field, word, prefix: word.hasSuffix("*"))
                }
                let name = String(word[..<colon])
                guard IamPolicySearchQuery.fields.contains(name) else {
                    throw .invalidArgument("Invalid query: the emulator does not search the field '\(name)'; use \(IamPolicySearchQuery.fields.sorted().joined(separator: ", ")).")
                }
                guard word[colon] == ":" else {
                    throw .invalidArgument("Invalid query: the field '\(name)' supports only ':' (token match), not '='.")
                }
                let rest = String(word[word.index(after: colon)...])
                if !rest.isEmpty { return try term(field: name, rest, prefix: rest.hasSuffix("*")) }
                switch next {
                case .phrase(let phrase)?:
                    position += 1
                    return try term(field: name, phrase, prefix: false)
                case .open?:
                    position += 1
                    return try group(field: name)
                default:
                    throw .invalidArgument("Invalid query: '\(word)' has no value.")
                }
            }
        }

        /// The rest of a parenthesised expression, after its `(`.
        private mutating func group(field: String?) throws(GoogleAPIError) -> Node {
            let node = try expression(field: field)
            guard next == .close else {
                throw .invalidArgument("Invalid query: '(' is not closed with ')'.")
            }
            position += 1
            return node
        }

        private mutating func term(field: String?, _ text: String, prefix: Bool) throws(GoogleAPIError) -> Node {
            comparisons += 1
            let tokens = IamPolicySearchQuery.tokens(text)
            if field == "memberTypes", !["user", "group", "serviceaccount", "domain", "allusers", "allauthenticatedusers"].contains(tokens.joined()) {
                throw .invalidArgument("Invalid query: '\(text)' is not a member type; use user, group, serviceAccount, domain, allUsers or allAuthenticatedUsers.")
            }
            return .term(field: field, value: Value(tokens: field == "memberTypes" ? [tokens.joined()] : tokens, prefix: prefix))
        }
    }
}

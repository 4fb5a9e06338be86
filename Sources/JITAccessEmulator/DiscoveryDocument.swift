import Foundation
import JITAccessCore

/// A Google discovery document (`https://API.googleapis.com/$discovery/rest?version=V`), used
/// to check that requests and responses have the shapes Google documents: every JSON field a
/// known property of the right type with a listed enum value, every query parameter one the
/// method (or every method) accepts, with a value of its type.
///
/// The emulator and the clients are written from the same reading of the documentation; this
/// check is what keeps that reading honest.
public struct DiscoveryDocument: Sendable {
    /// A method: its HTTP method, its path with `{placeholders}` (`flatPath`), its parameters and
    /// the schema of its request body.
    struct Method: Sendable {
        let id: String
        let httpMethod: String
        let template: [String]
        let parameters: [String: JSONValue]
        let requestSchema: String?
        let responseSchema: String?

        /// How many characters of the template are fixed text rather than placeholders.
        var fixedLength: Int {
            template.reduce(0) { total, segment in
                guard let open = segment.firstIndex(of: "{"), let close = segment.firstIndex(of: "}") else { return total + segment.count }
                return total + segment[..<open].count + segment[segment.index(after: close)...].count
            }
        }
    }

    /// The API's name, such as `cloudasset`.
    public let name: String
    private let schemas: [String: JSONValue]
    private let globalParameters: [String: JSONValue]
    private let methods: [Method]

    /// The document in `json`. Throws when it is not a discovery document.
    public init(json: Data) throws {
        guard case .object(let document) = try JSONDecoder().decode(JSONValue.self, from: json),
              case .object(let schemas)? = document["schemas"], case .string(let name)? = document["name"]
        else {
            throw JITAccessError.invalidArgument("This is not a Google discovery document: it has no name or schemas.")
        }
        self.name = name
        self.schemas = schemas
        globalParameters = Self.object(document["parameters"])
        methods = Self.methods(in: document)
    }

    private static func methods(in resource: [String: JSONValue]) -> [Method] {
        let own = object(resource["methods"]).compactMap { _, value -> Method? in
            let method = object(value)
            guard case .string(let id)? = method["id"], case .string(let httpMethod)? = method["httpMethod"],
                  case .string(let path)? = method["flatPath"] ?? method["path"]
            else { return nil }
            return Method(
                id: id, httpMethod: httpMethod, template: path.split(separator: "/").map(String.init), parameters: object(method["parameters"]),
                requestSchema: reference(method["request"]), responseSchema: reference(method["response"])
            )
        }
        return own + object(resource["resources"]).values.flatMap { methods(in: object($0)) }
    }

    private static func reference(_ value: JSONValue?) -> String? {
        guard case .string(let reference)? = object(value)["$ref"] else { return nil }
        return reference
    }

    // MARK: Requests and answers

    /// What is wrong with a request of `httpMethod` to `path` (after the host, with its query
    /// string `query`) carrying `body`, by the method of this API whose path it matches; `nil`
    /// when it matches none of this API's methods.
    public func problems(inRequest httpMethod: String, path: String, query: String?, body: Data) -> [String]? {
        guard let method = method(httpMethod, path) else { return nil }
        let label = "\(method.id) (\(httpMethod) \(path))"
        return queryProblems(query, method: method).map { "\(label): \($0)" } + bodyProblems(body, method: method).map { "\(label): \($0)" }
    }

    /// What is wrong with `answer` to a request of `httpMethod` to `path`: a success must be an
    /// instance of the method's response schema, a failure Google's error JSON with its status
    /// as `code`; `nil` when the request matches none of this API's methods.
    public func problems(inAnswer answer: EmulatorRequest.Answer, toRequest httpMethod: String, path: String) -> [String]? {
        guard let method = method(httpMethod, path) else { return nil }
        let label = "the answer to \(method.id) (\(httpMethod) \(path), HTTP \(answer.status))"
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: answer.body) else {
            return ["\(label): the body is not JSON"]
        }
        guard (200..<300).contains(answer.status) else {
            return Self.errorProblems(in: value, status: answer.status).map { "\(label): \($0)" }
        }
        return method.responseSchema.map { problems(in: value, asInstanceOf: $0) } ?? []
    }

    /// What is wrong with the request and the answer of `exchange` by the documents in
    /// `documents`; a request no document knows is a problem itself. When several documents
    /// have a fitting method (Resource Manager v1's `v1/projects/{projectId}` fits Cloud Asset's
    /// `v1/projects/ID:analyzeIamPolicy` too), the most specific template wins.
    public static func problems(in exchange: EmulatorRequest, documents: [DiscoveryDocument]) -> [String] {
        let fitting = documents.compactMap { document in document.method(exchange.method, exchange.path).map { (document, $0) } }
        guard let document = fitting.max(by: { $0.1.fixedLength < $1.1.fixedLength })?.0 else {
            return ["\(exchange.method) \(exchange.path): no method of \(documents.map(\.name).joined(separator: ", ")) has this HTTP method and path"]
        }
        let answerProblems = exchange.answer.map { document.problems(inAnswer: $0, toRequest: exchange.method, path: exchange.path) ?? [] } ?? []
        return (document.problems(inRequest: exchange.method, path: exchange.path, query: exchange.query, body: exchange.body) ?? []) + answerProblems
    }

    /// The method whose HTTP method and path template `httpMethod` and `path` fit, the most
    /// specific one (with the most fixed text) when several do.
    private func method(_ httpMethod: String, _ path: String) -> Method? {
        let segments = path.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        return methods.filter { $0.httpMethod == httpMethod && Self.matches($0.template, segments) }.max { $0.fixedLength < $1.fixedLength }
    }

    /// What is wrong with `value` as Google's error JSON, `{"error": {"code", "message", "status"}}`,
    /// or in the older format of the Admin SDK, `{"error": {"code", "message", "errors":
    /// [{"domain", "reason", "message"}]}}`, where `status` may be missing.
    private static func errorProblems(in value: JSONValue, status: Int) -> [String] {
        guard case .object(let envelope) = value, envelope.count == 1, case .object(let error)? = envelope["error"] else {
            return ["a failure must be {\"error\": {...}}, not \(RequestJSON.text(value))"]
        }
        var problems: [String] = []
        if error["code"] != .number(Double(status)) { problems.append("error.code must be the HTTP status \(status)") }
        if case .string(let message)? = error["message"], !message.isEmpty {} else { problems.append("error.message must be a non-empty string") }
        switch error["errors"] {
        case nil:
            break
        case .array(let items)? where !items.isEmpty && items.allSatisfy(isErrorItem):
            break
        case let other?:
            problems.append("error.errors must be a non-empty list of {\"domain\", \"reason\", \"message\"} strings, not \(RequestJSON.text(other))")
        }
        if case .string(let code)? = error["status"], code.allSatisfy({ $0.isUppercase || $0 == "_" }) {
        } else if error["status"] != nil || error["errors"] == nil {
            problems.append("error.status must be a canonical code such as ABORTED")
        }
        if let unknown = Set(error.keys).subtracting(["code", "message", "status", "details", "errors"]).sorted().first {
            problems.append("error.\(unknown) is not a field of Google's errors")
        }
        return problems
    }

    /// Whether `item` is one entry of the older format's `errors`.
    private static func isErrorItem(_ item: JSONValue) -> Bool {
        guard case .object(let fields) = item, Set(fields.keys).isSubset(of: ["domain", "reason", "message", "location", "locationType"]) else { return false }
        return ["domain", "reason", "message"].allSatisfy { if case .string(let text)? = fields[$0], !text.isEmpty { true } else { false } }
    }

    /// Whether `segments` fit `template`, where a segment may hold one `{placeholder}` between
    /// fixed text (`{projectsId}:getIamPolicy`).
    private static func matches(_ template: [String], _ segments: [String]) -> Bool {
        guard template.count == segments.count else { return false }
        return zip(template, segments).allSatisfy { pattern, segment in
            guard let open = pattern.firstIndex(of: "{"), let close = pattern.firstIndex(of: "}") else { return pattern == segment }
            let prefix = pattern[..<open], suffix = pattern[pattern.index(after: close)...]
            return segment.count > prefix.count + suffix.count && segment.hasPrefix(prefix) && segment.hasSuffix(suffix)
        }
    }

    private func queryProblems(_ query: String?, method: Method) -> [String] {
        var problems: [String] = []
        var seen: [String: Int] = [:]
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String($0)
            }
            let (name, value) = (parts[0], parts.count > 1 ? parts[1] : "")
            let declared = Self.object(method.parameters[name]).isEmpty ? Self.object(globalParameters[name]) : Self.object(method.parameters[name])
            guard !declared.isEmpty, declared["location"] == .string("query") else {
                problems.append("query parameter '\(name)' is not a parameter of the method")
                continue
            }
            seen[name, default: 0] += 1
            if seen[name] == 2, declared["repeated"] != .bool(true) {
                problems.append("query parameter '\(name)' is repeated but is not a repeated parameter")
            }
            if let problem = Self.problem(inParameter: value, declared) {
                problems.append("query parameter '\(name)': \(problem)")
            }
        }
        for (name, parameter) in method.parameters where Self.object(parameter)["location"] == .string("query") {
            if Self.object(parameter)["required"] == .bool(true), seen[name] == nil {
                problems.append("the required query parameter '\(name)' is missing")
            }
        }
        return problems
    }

    /// What is wrong with `value` as a parameter `declared` as it is; nil when it fits.
    private static func problem(inParameter value: String, _ declared: [String: JSONValue]) -> String? {
        if case .array(let allowed)? = declared["enum"], !allowed.contains(.string(value)) {
            return "'\(value)' is not one of the enum values"
        }
        let fits = switch (declared["type"], declared["format"]) {
        case (.string("boolean")?, _): value == "true" || value == "false"
        case (.string("integer")?, _): Int32(value) != nil
        case (.string("number")?, _): Double(value) != nil
        case (.string("string")?, .string("google-datetime")?): Timestamp(rfc3339: value) != nil
        case (.string("string")?, .string("google-duration")?): value.hasSuffix("s") && Double(value.dropLast()) != nil
        case (.string("string")?, .string("int64")?): Int64(value) != nil
        default: true
        }
        return fits ? nil : "'\(value)' is not a \(declared["format"].flatMap(\.text) ?? declared["type"].flatMap(\.text) ?? "value")"
    }

    private func bodyProblems(_ body: Data, method: Method) -> [String] {
        let empty = body.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }
        guard let schema = method.requestSchema else {
            return empty ? [] : ["the method takes no request body"]
        }
        guard !empty else { return [] }
        guard let value = try? JSONDecoder().decode(JSONValue.self, from: body) else {
            return ["the request body is not JSON"]
        }
        return problems(in: value, asInstanceOf: schema)
    }

    // MARK: Values

    /// What is wrong with `value` as an instance of the schema `name`; empty when it fits.
    public func problems(in value: JSONValue, asInstanceOf name: String) -> [String] {
        problems(in: value, property: ["$ref": .string(name)], at: name)
    }

    private func problems(in value: JSONValue, property: [String: JSONValue], at path: String) -> [String] {
        if case .string(let reference)? = property["$ref"] {
            guard let schema = schemas[reference] else { return ["\(path): unknown schema \(reference)"] }
            guard case .object(let fields) = value else { return ["\(path): expected an object (\(reference))"] }
            let properties = Self.object(Self.object(schema)["properties"])
            return fields.sorted { $0.key < $1.key }.flatMap { key, field -> [String] in
                guard let fieldProperty = properties[key] else { return ["\(path).\(key): not a property of \(reference)"] }
                return problems(in: field, property: Self.object(fieldProperty), at: "\(path).\(key)")
            }
        }
        switch (property["type"], value) {
        case (.string("string")?, .string(let text)):
            if case .array(let allowed)? = property["enum"], !allowed.contains(.string(text)) {
                return ["\(path): '\(text)' is not one of the enum values"]
            }
            return []
        case (.string("integer")?, .number(let number)) where number.rounded() == number:
            return []
        case (.string("number")?, .number), (.string("boolean")?, .bool), (.string("object")?, .object), (.string("any")?, _):
            return []
        case (.string("array")?, .array(let items)):
            let itemProperty = Self.object(property["items"])
            return items.enumerated().flatMap { index, item in problems(in: item, property: itemProperty, at: "\(path)[\(index)]") }
        case (let type, _):
            return ["\(path): expected \(type.flatMap(\.text) ?? "an unknown type"), found \(RequestJSON.text(value))"]
        }
    }

    private static func object(_ value: JSONValue?) -> [String: JSONValue] {
        guard case .object(let fields)? = value else { return [:] }
        return fields
    }
}

private extension JSONValue {
    /// The string, if this is one.
    var text: String? {
        guard case .string(let text) = self else { return nil }
        return text
    }
}

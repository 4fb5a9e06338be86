import JITAccessCore
import Mustache

/// A page model as the templates see it: every string in it, at any depth, reaches the
/// template as ``SafeHTML`` escaped by ``HTMLEscaping``.
///
/// swift-mustache escapes `{{value}}` by comparing whole `Character`s with `<`, `&` and the
/// quotes, which a prepended or combining scalar defeats (U+0600 before `<` makes one grapheme
/// that is not `<`). So the templates print with `{{{value}}}` only, and this wrapper makes sure
/// that nothing but escaped text can be printed that way.
struct EscapedModel: MustacheParent {
    let value: Any

    init(_ value: Any) {
        self.value = value
    }

    func child(named name: String) -> Any? {
        guard let child = Mirror(reflecting: value).descendant(name) else { return nil }
        return Self.wrap(child)
    }

    /// `value` made safe to print: strings escaped, numbers and flags kept, optionals unwrapped,
    /// arrays and nested models wrapped element by element.
    static func wrap(_ value: Any) -> Any? {
        switch value {
        case let text as String: return SafeHTML(escaping: text)
        case let text as Substring: return SafeHTML(escaping: text)
        case let flag as Bool: return flag
        case let number as Int: return number
        case let elements as [Any]: return elements.compactMap(wrap)
        default:
            let mirror = Mirror(reflecting: value)
            if mirror.displayStyle == .optional {
                return mirror.children.first.flatMap { wrap($0.value) }
            }
            return EscapedModel(value)
        }
    }
}

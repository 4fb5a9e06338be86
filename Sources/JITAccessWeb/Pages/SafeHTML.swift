import JITAccessCore
import Mustache

/// Text that is already HTML-escaped, printed as it is by `{{{ }}}`.
struct SafeHTML: MustacheCustomRenderable, Sendable, Equatable {
    /// The escaped text.
    let renderText: String
    var isNull: Bool { false }

    init(escaping text: some StringProtocol) {
        renderText = HTMLEscaping.escape(text)
    }
}

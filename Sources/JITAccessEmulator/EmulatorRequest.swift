import Foundation
import Hummingbird
import Synchronization

/// One request to the emulated APIs as it arrived, with the emulator's answer once it is sent.
public struct EmulatorRequest: Sendable {
    /// The emulator's answer.
    public struct Answer: Sendable {
        /// The HTTP status.
        public let status: Int
        /// The body's bytes.
        public let body: Data

        /// An answer with `status` and `body`.
        public init(status: Int, body: Data) {
            self.status = status
            self.body = body
        }
    }

    /// The HTTP method, such as `POST`.
    public let method: String
    /// The path, as sent (percent-encoded).
    public let path: String
    /// The query string without the `?`, if any.
    public let query: String?
    /// The body's bytes.
    public let body: Data
    /// What the emulator answered; nil until the answer is written.
    public internal(set) var answer: Answer?

    /// A request of `method` to `path` with `query` and `body`, answered with `answer`.
    public init(method: String, path: String, query: String?, body: Data, answer: Answer? = nil) {
        self.method = method
        self.path = path
        self.query = query
        self.body = body
        self.answer = answer
    }
}

import Hummingbird
import JITAccessCore
import Logging

/// The JSON error body of JIT Access: `{"message": "..."}`.
struct ErrorMessage: Encodable {
    let message: String
}

import AsyncHTTPClient
import Foundation
import JITAccessCore
import Logging
import NIOCore
import NIOHTTP1

/// Google's error format: `{"error": {"code": 409, "message": "...", "status": "ABORTED"}}`.
struct GoogleErrorBody {
    let message: String?
    let status: String?

    /// The error in `data`, or nothing known when it is not in Google's format.
    init(_ data: Data) {
        struct Envelope: Decodable {
            struct Detail: Decodable {
                let message: String?
                let status: String?
            }
            let error: Detail
        }
        let detail = (try? JSONDecoder().decode(Envelope.self, from: data))?.error
        message = detail?.message
        status = detail?.status
    }
}

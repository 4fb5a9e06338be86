import Hummingbird
import NIOCore

/// Reads request bodies of at most ``JITAccessRequestContext/maxBodySize`` bytes.
///
/// A body that is too large is still read to its end (and thrown away) up to ``drainLimit``,
/// before the 413 goes out: a client that sends the whole body before it reads the answer
/// (most do) would otherwise stall on a full socket while the server waits for it to finish.
enum RequestBodyReader {
    /// How much of an oversized body is read and discarded; beyond this the 413 goes out at once.
    static let drainLimit = 16 * 1024 * 1024

    static func collect(_ request: Request, context: JITAccessRequestContext) async throws -> ByteBuffer {
        try checkAnnouncedLength(of: request)
        var collected = ByteBuffer()
        var total = 0
        for try await part in request.body {
            total += part.readableBytes
            if total > drainLimit { break }
            if total <= context.maxUploadSize {
                collected.writeImmutableBuffer(part)
            }
        }
        guard total <= context.maxUploadSize else { throw HTTPError(.contentTooLarge) }
        return collected
    }

    /// Refuses at once a body whose announced length is beyond what is worth draining.
    static func checkAnnouncedLength(of request: Request) throws {
        if let length = request.headers[.contentLength].flatMap({ Int($0) }), length > drainLimit {
            throw HTTPError(.contentTooLarge)
        }
    }
}

import AsyncHTTPClient
import HTTPTypes
import Hummingbird
import JITAccessCore
import JITAccessGoogle
import JITAccessRuntime
import NIOCore
import Testing

/// A metadata server issuing numbered tokens valid for `lifetime` seconds, counting its fetches.
actor TokenIssuer {
    private(set) var issued = 0
    private let lifetime: Int

    init(lifetime: Int) {
        self.lifetime = lifetime
    }

    nonisolated var router: Router<BasicRequestContext> {
        let router = Router()
        router.get("/computeMetadata/v1/instance/service-accounts/default/token") { request, _ in
            guard request.headers[.init("Metadata-Flavor")!] == "Google" else {
                return Response(status: .forbidden, body: .init(byteBuffer: ByteBuffer(string: "Missing Metadata-Flavor:Google header.")))
            }
            return await self.issue()
        }
        return router
    }

    private func issue() -> Response {
        issued += 1
        let body = #"{"access_token":"ya29.token-\#(issued)","expires_in":\#(lifetime),"token_type":"Bearer"}"#
        return Response(status: .ok, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(string: body)))
    }
}

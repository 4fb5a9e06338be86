import Foundation
import Hummingbird
import JITAccessCore
import Synchronization

/// `POST /emulator/faults` (a fault as JSON) adds a fault, `GET` lists those pending, `DELETE`
/// clears them; `POST /emulator/quotas` (an ``EmulatedQuota`` as JSON) sets a quota, `GET`
/// lists them, `DELETE` removes them.
struct FaultsController<Context: RequestContext> {
    static var maxBodySize: Int { 16 * 1024 }

    let faults: EmulatedFaults
    let quotas: EmulatedQuotas

    func register(on router: some RouterMethods<Context>) {
        router.post("/emulator/faults") { request, _ in
            let fault = try await Self.decoded(EmulatedFault.self, from: request, shape: """
                Send a fault as {"status": 503, "count": 3, "methods": ["getIamPolicy"], "message": "..."}; methods and message are optional.
                """)
            try faults.inject(fault)
            return Response(status: .noContent)
        }
        router.get("/emulator/faults") { _, _ in
            try JSONResponse.ok(["faults": faults.current])
        }
        router.delete("/emulator/faults") { _, _ in
            faults.clear()
            return Response(status: .noContent)
        }
        router.post("/emulator/quotas") { request, _ in
            let quota = try await Self.decoded(EmulatedQuota.self, from: request, shape: """
                Send a quota as {"method": "cloudasset.analyzeIamPolicy", "perMinute": 100, "perDay": 1000}; either limit may be left out.
                """)
            try quotas.set(quota)
            return Response(status: .noContent)
        }
        router.get("/emulator/quotas") { _, _ in
            try JSONResponse.ok(["quotas": quotas.current])
        }
        router.delete("/emulator/quotas") { _, _ in
            quotas.clear()
            return Response(status: .noContent)
        }
    }

    /// The request's JSON body as `type`, or a 400 saying what to send (`shape`).
    private static func decoded<Value: Decodable>(_ type: Value.Type, from request: Request, shape: String) async throws -> Value {
        let body = try await request.body.collect(upTo: maxBodySize)
        guard let value = try? JSONDecoder().decode(type, from: Data(body.readableBytesView)) else {
            throw GoogleAPIError.invalidArgument(shape)
        }
        return value
    }
}

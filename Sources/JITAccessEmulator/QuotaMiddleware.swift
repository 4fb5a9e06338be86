import Hummingbird
import JITAccessCore

/// Refuses a call to a Google method over one of its ``EmulatedQuotas``, in Google's error
/// format, before the method runs; the method is named from the path (``GoogleMethodName``).
struct QuotaMiddleware<Context: RequestContext>: RouterMiddleware {
    let quotas: EmulatedQuotas
    let clock: any WallClock

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        if let method = GoogleMethodName.of(httpMethod: request.method.rawValue, path: request.uri.path),
           let error = quotas.admit(method, at: clock.now) {
            throw error
        }
        return try await next(request, context)
    }
}

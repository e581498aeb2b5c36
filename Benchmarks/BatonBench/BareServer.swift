import Foundation
import Hummingbird

/// The physical limit of the HTTP layer: Hummingbird answering a constant JSON body with
/// no store, no routing work and no logging beside it.
enum BareServer {
    static func run() async throws {
        let router = Router()
        router.get("ping") { _, _ -> Response in
            Response(
                status: .ok, headers: [.contentType: "application/json", .contentLength: "19"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"message": "pong"}"#)))
        }
        let application = Application(
            router: router, configuration: ApplicationConfiguration(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in
                FileHandle.standardOutput.write(
                    Data("bare Hummingbird at http://127.0.0.1:\(channel.localAddress?.port ?? 0)\n".utf8))
            })
        try await application.runService()
    }
}

import Hummingbird

/// The OpenAPI 3.1 documents of the two dialects (docs/openapi/), compiled into the binary by
/// the EmbedFiles plugin and served byte for byte as the repository holds them.
enum OpenAPIDocument {
    static let director = "director.json"
    static let explorer = "explorer.json"

    /// Open to anyone, like `/api/ping`: the document describes the API, it holds no secret.
    static func response(_ name: String) -> Response {
        let bytes = OpenAPIDocuments.files[name] ?? []
        return Response(
            status: .ok,
            headers: [.contentType: "application/json", .contentLength: String(bytes.count), .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }
}

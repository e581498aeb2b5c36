import Foundation
import Hummingbird

/// Serves the page's files, which live in the package's `web/` folder and are compiled into the
/// binary by the EmbedFiles plugin (as `WebFiles`): nothing is read from disk at run time, so
/// `swift run` and a release binary serve the same bytes.
///
/// `index.html` answers at `/` and `/index.html`, `favicon.svg` at `/favicon.svg` and
/// `/favicon.ico`, every other file at `/ui/` followed by its path in `web/`.
enum WebAssets {
    /// Everything the page loads comes from this server (no CDN, no inline script).
    static let securityHeaders: HTTPFields = [
        HTTPFields.Element.Name("Content-Security-Policy")!:
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        HTTPFields.Element.Name("X-Content-Type-Options")!: "nosniff",
        HTTPFields.Element.Name("Referrer-Policy")!: "same-origin",
    ]

    /// The Content-Type of each kind of file `web/` holds, by file name extension.
    static let contentTypes = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml",
    ]

    /// One embedded file, ready to send.
    struct Asset: Sendable {
        let bytes: [UInt8]
        let contentType: String
        /// A hash of the bytes, quoted as HTTP wants it: the browser revalidates with it.
        let etag: String
    }

    /// Each URL path and its file, made once from the embedded bytes.
    static let byPath: [String: Asset] = {
        var assets: [String: Asset] = [:]
        for (name, bytes) in WebFiles.files {
            // A file of a kind without a type is not served; WebTests checks that none exists.
            guard let ext = name.split(separator: ".").last, let type = contentTypes[String(ext)] else { continue }
            let asset = Asset(bytes: bytes, contentType: type, etag: "\"\(fnv1a(bytes))\"")
            switch name {
            case "index.html":
                assets["/"] = asset
                assets["/index.html"] = asset
            case "favicon.svg":
                assets["/favicon.svg"] = asset
                assets["/favicon.ico"] = asset
            default: assets["/ui/" + name] = asset
            }
        }
        return assets
    }()

    /// The file at `path`, or nil when no file answers there. A request whose `If-None-Match`
    /// names the file's current ETag gets 304 Not Modified, without the body.
    static func response(for path: String, ifNoneMatch: String?) -> Response? {
        guard let asset = byPath[path] else { return nil }
        var headers = securityHeaders
        headers[.contentType] = asset.contentType
        // Small files that change with the binary: always revalidated (cheaply, by ETag), never
        // stale after an upgrade.
        headers[.cacheControl] = "no-cache"
        headers[.eTag] = asset.etag
        if let ifNoneMatch,
            ifNoneMatch.split(separator: ",").contains(where: { $0.trimmingCharacters(in: .whitespaces) == asset.etag })
        {
            return Response(status: .notModified, headers: headers)
        }
        headers[.contentLength] = String(asset.bytes.count)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: asset.bytes)))
    }

    /// 64-bit FNV-1a in hex: a content hash for the ETag (not a security measure; the bytes are public).
    static func fnv1a(_ bytes: [UInt8]) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return String(hash, radix: 16)
    }
}

import Hummingbird

/// The page's files, compiled into the binary as string literals: nothing to build, nothing to
/// find at run time, the same from `swift run` and a release binary.
enum WebAssets {
    /// Everything the page loads comes from this server (no CDN, no inline script).
    static let securityHeaders: HTTPFields = [
        HTTPFields.Element.Name("Content-Security-Policy")!:
            "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; connect-src 'self'; frame-ancestors 'none'",
        HTTPFields.Element.Name("X-Content-Type-Options")!: "nosniff",
        HTTPFields.Element.Name("Referrer-Policy")!: "same-origin",
    ]

    static func asset(for path: String) -> Response? {
        switch path {
        case "/", "/index.html": return file(WebPage.html, type: "text/html; charset=utf-8")
        case "/ui/app.css": return file(WebStyle.css, type: "text/css; charset=utf-8")
        case "/ui/app.js": return file(WebScript.all, type: "text/javascript; charset=utf-8")
        case "/favicon.svg", "/favicon.ico": return file(favicon, type: "image/svg+xml")
        default: return nil
        }
    }

    private static func file(_ text: String, type: String) -> Response {
        var headers = securityHeaders
        headers[.contentType] = type
        // Small files that change with the binary: always revalidated, never stale after an upgrade.
        headers[.cacheControl] = "no-cache"
        let buffer = ByteBuffer(string: text)
        headers[.contentLength] = String(buffer.readableBytes)
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: buffer))
    }

    /// A baton on a round badge.
    static let favicon = #"""
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><circle cx="16" cy="16" r="15" fill="#1e3a8a"/><path d="M9 23 23 9" stroke="#fff" stroke-width="4" stroke-linecap="round"/><circle cx="23" cy="9" r="3" fill="#fbbf24"/></svg>
        """#
}

/// The one HTML page; the script draws every view into `main`.
enum WebPage {
    static let html = #"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Baton</title>
        <link rel="icon" href="/favicon.svg" type="image/svg+xml">
        <link rel="stylesheet" href="/ui/app.css">
        <script src="/ui/app.js" defer></script>
        </head>
        <body>
        <a class="skip" href="#main">Skip to content</a>
        <header class="bar">
          <nav aria-label="Main">
            <a class="brand" href="#/jobs"><img src="/favicon.svg" alt="" width="22" height="22"> Baton</a>
            <a href="#/jobs" id="nav-jobs">Jobs</a>
            <a href="#/definitions" id="nav-definitions">Definitions</a>
          </nav>
          <div class="who"><span id="user"></span> <button type="button" id="logout" class="link" hidden>Log out</button></div>
        </header>
        <main id="main" tabindex="-1"><p class="muted">Loading…</p></main>
        <dialog id="confirm" aria-labelledby="confirm-text">
          <form method="dialog">
            <p id="confirm-text"></p>
            <div class="actions">
              <button value="no" id="confirm-no">Keep it</button>
              <button value="yes" id="confirm-yes" class="primary">Yes</button>
            </div>
          </form>
        </dialog>
        </body>
        </html>

        """#
}

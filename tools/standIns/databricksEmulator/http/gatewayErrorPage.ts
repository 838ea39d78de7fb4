/**
 * The HTML error pages a workspace's gateway (Jetty) sends before Databricks' API answers: a
 * token for another audience (400 with jjwt's exception text), a user the workspace does not know
 * (403 "User not authorized."). Clients see HTML where they expect JSON.
 */
export function gatewayErrorPage(status: number, reason: string, path: string): string {
    const escaped = escapeHtml(reason);
    return [
        "<html>",
        "<head>",
        '<meta http-equiv="Content-Type" content="text/html;charset=utf-8"/>',
        `<title>Error ${status} ${escaped}</title>`,
        "</head>",
        `<body><h2>HTTP ERROR ${status}</h2>`,
        `<p>Problem accessing ${escapeHtml(path)}. Reason:`,
        `<pre>    ${escaped}</pre></p>`,
        "</body>",
        "</html>",
        "",
    ].join("\n");
}

function escapeHtml(text: string): string {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

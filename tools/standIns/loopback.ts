const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/i;

/** Whether a host name or address (without port; IPv6 with or without brackets) is this machine's loopback. */
export function isLoopbackHost(host: string): boolean {
    return LOOPBACK.test(host.replace(/^\[|\]$/g, ""));
}

/**
 * The test service of LaunchDarkly's {@code sse-contract-tests} harness for herald-client: the harness asks it over
 * HTTP to open streams with {@link dev.herald.client.EventSource}, and it reports what each stream reads back to the
 * harness's callback endpoint. The protocol is the harness's {@code docs/service_spec.md}.
 */
package dev.herald.contract;

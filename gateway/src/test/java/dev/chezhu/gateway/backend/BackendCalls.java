package dev.chezhu.gateway.backend;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.enterprise.context.ApplicationScoped;

import io.grpc.Metadata;

/**
 * What the stand-in services saw: how often each RPC ran (one effect per call) and the metadata of
 * the last call of each, so tests can tell that a refusal never reached a service, that a retry had
 * no second effect, and that the caller's token and the trace context were forwarded.
 */
@ApplicationScoped
public class BackendCalls {

    private final Map<String, AtomicInteger> counts = new ConcurrentHashMap<>();
    private final Map<String, Metadata> lastHeaders = new ConcurrentHashMap<>();

    private final Map<String, Object> lastRequests = new ConcurrentHashMap<>();

    void request(String rpc, Object request) {
        lastRequests.put(rpc, request);
    }

    /** The last request an RPC received, as the service saw it. */
    @SuppressWarnings("unchecked")
    public <T> T lastRequest(String rpc) {
        return (T) lastRequests.get(rpc);
    }

    void record(String rpc) {
        counts.computeIfAbsent(rpc, k -> new AtomicInteger()).incrementAndGet();
    }

    void headers(String rpc, Metadata headers) {
        lastHeaders.put(rpc, headers);
    }

    public int count(String rpc) {
        AtomicInteger count = counts.get(rpc);
        return count == null ? 0 : count.get();
    }

    public int total() {
        return counts.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    public String lastHeader(String rpc, String name) {
        Metadata headers = lastHeaders.get(rpc);
        return headers == null ? null : headers.get(Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER));
    }
}

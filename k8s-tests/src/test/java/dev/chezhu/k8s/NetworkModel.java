package dev.chezhu.k8s;

import java.util.List;
import java.util.Map;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.networking.v1.IPBlock;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyEgressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyIngressRule;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPeer;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicyPort;

/**
 * The semantics of networking.k8s.io/v1 NetworkPolicy, as the Kubernetes documentation states
 * them, applied to the policies of one namespace: a connection goes through when the source's
 * egress and the destination's ingress both allow it; a pod no policy selects for a direction is
 * not isolated in that direction; an empty peer or port list matches everything.
 */
final class NetworkModel {

    final Topology topology;
    final List<NetworkPolicy> policies;

    NetworkModel(Topology topology) {
        this.topology = topology;
        this.policies = topology.m.typed(NetworkPolicy.class);
    }

    boolean allowed(Topology.Peer src, Topology.Peer dst, int port, String protocol) {
        boolean egress = src.isAddress() || !topology.namespace.equals(src.namespace()) || egressAllows(src, dst, port, protocol);
        boolean ingress = dst.isAddress() || !topology.namespace.equals(dst.namespace()) || ingressAllows(dst, src, port, protocol);
        return egress && ingress;
    }

    boolean allowed(Topology.Peer src, Topology.Peer dst, int port) {
        return allowed(src, dst, port, "TCP");
    }

    List<NetworkPolicy> selecting(Topology.Peer pod, String type) {
        return policies.stream().filter(np -> inNamespace(np, pod) && types(np).contains(type)
                && matches(np.getSpec().getPodSelector(), pod.labels())).toList();
    }

    private boolean inNamespace(NetworkPolicy np, Topology.Peer pod) {
        String ns = np.getMetadata().getNamespace() == null ? topology.namespace : np.getMetadata().getNamespace();
        return !pod.isAddress() && ns.equals(pod.namespace());
    }

    static List<String> types(NetworkPolicy np) {
        if (np.getSpec().getPolicyTypes() != null && !np.getSpec().getPolicyTypes().isEmpty()) {
            return np.getSpec().getPolicyTypes();
        }
        return np.getSpec().getEgress() == null || np.getSpec().getEgress().isEmpty() ? List.of("Ingress") : List.of("Ingress", "Egress");
    }

    private boolean ingressAllows(Topology.Peer dst, Topology.Peer src, int port, String protocol) {
        List<NetworkPolicy> applying = selecting(dst, "Ingress");
        if (applying.isEmpty()) {
            return true;
        }
        for (NetworkPolicy np : applying) {
            List<NetworkPolicyIngressRule> rules = np.getSpec().getIngress();
            if (rules == null) {
                continue;
            }
            for (NetworkPolicyIngressRule rule : rules) {
                if (peersMatch(rule.getFrom(), policyNamespace(np), src) && portsMatch(rule.getPorts(), dst, port, protocol)) {
                    return true;
                }
            }
        }
        return false;
    }

    private boolean egressAllows(Topology.Peer src, Topology.Peer dst, int port, String protocol) {
        List<NetworkPolicy> applying = selecting(src, "Egress");
        if (applying.isEmpty()) {
            return true;
        }
        for (NetworkPolicy np : applying) {
            List<NetworkPolicyEgressRule> rules = np.getSpec().getEgress();
            if (rules == null) {
                continue;
            }
            for (NetworkPolicyEgressRule rule : rules) {
                if (peersMatch(rule.getTo(), policyNamespace(np), dst) && portsMatch(rule.getPorts(), dst, port, protocol)) {
                    return true;
                }
            }
        }
        return false;
    }

    private String policyNamespace(NetworkPolicy np) {
        return np.getMetadata().getNamespace() == null ? topology.namespace : np.getMetadata().getNamespace();
    }

    private boolean peersMatch(List<NetworkPolicyPeer> peers, String policyNamespace, Topology.Peer other) {
        if (peers == null || peers.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPeer peer : peers) {
            if (peer.getIpBlock() != null) {
                if (other.isAddress() && inBlock(peer.getIpBlock(), other.ip())) {
                    return true;
                }
                continue;
            }
            if (other.isAddress()) {
                continue;
            }
            boolean namespaceOk = peer.getNamespaceSelector() == null ? other.namespace().equals(policyNamespace)
                    : matches(peer.getNamespaceSelector(), topology.labelsOfNamespace(other.namespace()));
            boolean podOk = peer.getPodSelector() == null || matches(peer.getPodSelector(), other.labels());
            if (namespaceOk && podOk) {
                return true;
            }
        }
        return false;
    }

    private static boolean portsMatch(List<NetworkPolicyPort> ports, Topology.Peer dst, int port, String protocol) {
        if (ports == null || ports.isEmpty()) {
            return true;
        }
        for (NetworkPolicyPort p : ports) {
            String proto = p.getProtocol() == null ? "TCP" : p.getProtocol();
            if (!proto.equals(protocol)) {
                continue;
            }
            IntOrString value = p.getPort();
            if (value == null) {
                return true;
            }
            if (value.getIntVal() != null) {
                int from = value.getIntVal();
                int to = p.getEndPort() == null ? from : p.getEndPort();
                if (port >= from && port <= to) {
                    return true;
                }
            } else if (Integer.valueOf(port).equals(dst.namedPorts().get(value.getStrVal()))) {
                return true;
            }
        }
        return false;
    }

    static boolean matches(LabelSelector selector, Map<String, String> labels) {
        if (selector == null) {
            return true;
        }
        if (selector.getMatchLabels() != null) {
            for (Map.Entry<String, String> e : selector.getMatchLabels().entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                String value = labels.get(r.getKey());
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                boolean ok = switch (r.getOperator()) {
                    case "In" -> value != null && values.contains(value);
                    case "NotIn" -> value == null || !values.contains(value);
                    case "Exists" -> value != null;
                    case "DoesNotExist" -> value == null;
                    default -> false;
                };
                if (!ok) {
                    return false;
                }
            }
        }
        return true;
    }

    private static boolean inBlock(IPBlock block, String ip) {
        if (!cidrContains(block.getCidr(), ip)) {
            return false;
        }
        if (block.getExcept() != null) {
            for (String except : block.getExcept()) {
                if (cidrContains(except, ip)) {
                    return false;
                }
            }
        }
        return true;
    }

    static boolean cidrContains(String cidr, String ip) {
        if (cidr == null || !cidr.contains(".") || !ip.contains(".")) {
            return false;
        }
        String[] parts = cidr.split("/");
        int bits = parts.length > 1 ? Integer.parseInt(parts[1]) : 32;
        long mask = bits == 0 ? 0 : (0xFFFFFFFFL << (32 - bits)) & 0xFFFFFFFFL;
        return (ipv4(parts[0]) & mask) == (ipv4(ip) & mask);
    }

    private static long ipv4(String address) {
        long value = 0;
        for (String octet : address.split("\\.")) {
            value = (value << 8) | Integer.parseInt(octet);
        }
        return value;
    }
}

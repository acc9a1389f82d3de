package org.tellonce.core.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookAddressTest {
    /** Names resolve from this table only: no test depends on the machine's DNS. */
    private static final Map<String, List<String>> DNS = Map.of(
            "hooks.partner.example", List.of("93.184.216.34"),
            "inside.example", List.of("10.1.2.3"),
            "metadata.example", List.of("169.254.169.254"),
            "mixed.example", List.of("93.184.216.34", "192.168.1.20"),
            "v6.example", List.of("2a00:1450:4009:81d::200e"),
            "localhost", List.of("127.0.0.1"));
    private static final WebhookAddress.Resolver RESOLVER = host -> {
        List<String> found = host.matches("[0-9.]+|.*:.*") ? List.of(host) : DNS.get(host);
        if (found == null) {
            throw new UnknownHostException(host);
        }
        List<InetAddress> out = new java.util.ArrayList<>();
        for (String a : found) {
            out.add(InetAddress.getByName(a));
        }
        return out;
    };
    private static final WebhookAddress AWS = new WebhookAddress(false, RESOLVER);
    private static final WebhookAddress LOCAL = new WebhookAddress(true, RESOLVER);

    @Test
    void anHttpsUrlOnPublicAddressesIsAllowed() throws Exception {
        assertThat(AWS.check("https://hooks.partner.example/tellonce?x=1")).hasHost("hooks.partner.example");
        assertThat(AWS.check("https://v6.example/hook").getHost()).isEqualTo("v6.example");
        assertThat(AWS.check("https://93.184.216.34:8443/hook").getPort()).isEqualTo(8443);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "https://10.0.0.1/hook", "https://169.254.169.254/latest/meta-data/", "http://169.254.169.254/",
        "https://172.16.0.1/", "https://172.31.255.255/", "https://192.168.0.10/", "https://100.64.0.1/",
        "https://127.0.0.1/", "https://0.0.0.0/", "https://[::1]/", "https://[fe80::1]/", "https://[fd00::1]/",
        "https://[::ffff:169.254.169.254]/", "https://[::ffff:10.0.0.1]/", "https://[64:ff9b::a9fe:a9fe]/",
        "https://[2002:a9fe:a9fe::1]/", "https://224.0.0.1/", "https://inside.example/hook",
        "https://metadata.example/", "https://mixed.example/", "https://2130706433/"})
    void privateLoopbackAndLinkLocalAddressesAreRefusedWhateverTheirSpelling(String url) {
        assertThatThrownBy(() -> AWS.check(url)).isInstanceOf(WebhookAddress.RefusedException.class);
        if (!List.of("https://127.0.0.1/", "https://[::1]/", "https://2130706433/").contains(url)) {
            // The local stack allows loopback receivers, and nothing else that is private.
            assertThatThrownBy(() -> LOCAL.check(url)).isInstanceOf(WebhookAddress.RefusedException.class);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://hooks.partner.example/", "ftp://hooks.partner.example/", "https://user:pw@hooks.partner.example/",
        "https://hooks.partner.example/#x", "https://nowhere.invalid/", "not a url", "", "https:///nohost"})
    void onlyPlainHttpsUrlsThatResolveAreTaken(String url) {
        assertThatThrownBy(() -> AWS.check(url)).isInstanceOf(WebhookAddress.RefusedException.class)
                .hasMessageNotContaining("pw");
    }

    @Test
    void theRefusalSaysWhyInWordsAnAdminCanActOn() {
        assertThatThrownBy(() -> AWS.check("http://169.254.169.254/latest/meta-data/"))
                .hasMessage("the host is a private, loopback or link-local address");
        assertThatThrownBy(() -> AWS.check("http://hooks.partner.example/")).hasMessage("only https URLs are allowed");
        assertThatThrownBy(() -> AWS.check("https://nowhere.invalid/")).hasMessage("the host does not resolve");
    }

    @Test
    void loopbackHttpIsAllowedOnlyOnTheLocalStack() throws Exception {
        assertThat(LOCAL.check("http://127.0.0.1:4000/hook").getPort()).isEqualTo(4000);
        assertThat(LOCAL.check("http://localhost:4000/hook").getHost()).isEqualTo("localhost");
        assertThatThrownBy(() -> AWS.check("http://127.0.0.1:4000/hook")).isInstanceOf(WebhookAddress.RefusedException.class);
        assertThatThrownBy(() -> AWS.check("http://localhost:4000/hook")).isInstanceOf(WebhookAddress.RefusedException.class);
        assertThatThrownBy(() -> LOCAL.check("http://hooks.partner.example/")).isInstanceOf(WebhookAddress.RefusedException.class);
    }
}

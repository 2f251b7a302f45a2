package org.stockbridge.domain.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WebhookTargetsUnitTests {

    @ParameterizedTest
    @ValueSource(strings = {"169.254.169.254", "10.0.0.1", "10.255.255.255", "172.16.0.1", "172.31.255.254",
            "192.168.1.1", "127.0.0.1", "127.8.9.10", "0.0.0.0", "0.1.2.3", "100.64.0.1", "224.0.0.1",
            "255.255.255.255", "::1", "::", "fd00::1", "fd00:ec2::254", "fc00::1", "fe80::1", "::ffff:127.0.0.1",
            "::ffff:169.254.169.254", "::ffff:10.1.2.3", "ff02::1"})
    void refusesAPrivateLoopbackLinkLocalOrMetadataAddress(String literal) throws UnknownHostException {
        assertThat(WebhookTargets.refusal(InetAddress.getByName(literal), false)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"93.184.215.14", "8.8.8.8", "172.32.0.1", "172.15.255.255", "100.128.0.1",
            "2606:2800:21f:cb07:6820:80da:af6b:8b2c", "192.169.0.1"})
    void acceptsAPublicAddress(String literal) throws UnknownHostException {
        assertThat(WebhookTargets.refusal(InetAddress.getByName(literal), false)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "::1", "::ffff:127.0.0.1"})
    void acceptsLoopbackOnlyWhenTheOperatorAllowsIt(String literal) throws UnknownHostException {
        assertThat(WebhookTargets.refusal(InetAddress.getByName(literal), true)).isEmpty();
        assertThat(WebhookTargets.refusal(InetAddress.getByName("10.0.0.1"), true)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.org/hook", "ftp://example.org/hook", "https://user:pw@example.org/hook",
            "/relative/hook", "https:///nohost", "http://localhost:8080/hook", "https://example.org/hook#part"})
    void refusesAUrlThatIsNotPlainHttps(String url) {
        assertThat(WebhookTargets.refusal(URI.create(url), false)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.org/hook", "https://hooks.example.org:8443/a?b=c"})
    void acceptsAnHttpsUrl(String url) {
        assertThat(WebhookTargets.refusal(URI.create(url), false)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080/hook", "http://localhost:9/hook", "http://[::1]:9/hook"})
    void acceptsPlainHttpToLoopbackOnlyWhenAllowed(String url) {
        assertThat(WebhookTargets.refusal(URI.create(url), true)).isEmpty();
        assertThat(WebhookTargets.refusal(URI.create(url), false)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "64:ff9b::a00:5", "2002:a9fe:a9fe::1",
            "2002:7f00:1::1", "2002:c0a8:1::1"})
    void refusesAnIpv6AddressThatTranslatesOrTunnelsToARefusedIpv4Address(String literal)
            throws UnknownHostException {
        assertThat(WebhookTargets.refusal(InetAddress.getByName(literal), false)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"64:ff9b::808:808", "2002:808:808::1"})
    void acceptsAnIpv6AddressThatTranslatesOrTunnelsToAPublicIpv4Address(String literal)
            throws UnknownHostException {
        assertThat(WebhookTargets.refusal(InetAddress.getByName(literal), false)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.example.org/hook", "http://127.0.0.1.example.org/hook",
            "http://localhost.example.org/hook"})
    void refusesPlainHttpToANameThatOnlyLooksLikeLoopbackEvenWhenLoopbackIsAllowed(String url) {
        assertThat(WebhookTargets.refusal(URI.create(url), true)).isPresent();
    }
}

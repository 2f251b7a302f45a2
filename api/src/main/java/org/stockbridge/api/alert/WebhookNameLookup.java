package org.stockbridge.api.alert;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * Resolves a webhook target's host name to its addresses. It blocks, so callers run it off the event loops. The
 * service uses the system resolver ({@link SystemNameLookup}); tests plug in one of their own to play a name that
 * resolves elsewhere from one lookup to the next (DNS rebinding).
 */
@FunctionalInterface
interface WebhookNameLookup {

    List<InetAddress> addresses(String host) throws UnknownHostException;
}

package org.stockbridge.api.alert;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Component;

/** The system's resolver (hosts file, then DNS, with the JVM's address cache). */
@Component
class SystemNameLookup implements WebhookNameLookup {

    @Override
    public List<InetAddress> addresses(String host) throws UnknownHostException {
        return Arrays.asList(InetAddress.getAllByName(host));
    }
}

package org.deskline.core.health;

/** One part of the server that health reports on (database, SIP, HTTP). Must answer quickly. */
public interface HealthIndicator {
    String name();

    boolean isUp();
}

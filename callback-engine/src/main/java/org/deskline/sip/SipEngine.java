package org.deskline.sip;

import java.util.Properties;
import java.util.TooManyListenersException;
import javax.sip.ListeningPoint;
import javax.sip.SipFactory;
import javax.sip.SipProvider;
import javax.sip.SipStack;
import javax.sip.header.HeaderFactory;
import javax.sip.message.MessageFactory;
import javax.sip.message.Request;
import org.deskline.core.health.HealthIndicator;
import org.deskline.sip.options.OptionsHandler;
import org.deskline.sip.stack.SipDispatcher;
import org.deskline.sip.stack.SipResponder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SIP side of Deskline: one JAIN-SIP stack listening on UDP and TCP, and the capabilities that
 * handle its traffic. Built and started by the composition root; {@link #close()} stops the stack.
 */
public final class SipEngine implements AutoCloseable, HealthIndicator {
    private static final Logger log = LoggerFactory.getLogger(SipEngine.class);

    private final SipConfig config;
    private SipStack stack;
    private SipProvider provider;
    private SipDispatcher dispatcher;
    private volatile boolean up;

    public SipEngine(SipConfig config) {
        this.config = config;
    }

    public void start() throws Exception {
        SipFactory factory = SipFactory.getInstance();
        factory.setPathName("gov.nist");
        stack = factory.createSipStack(stackProperties());
        ListeningPoint udp = stack.createListeningPoint(config.bindAddress(), config.port(), ListeningPoint.UDP);
        ListeningPoint tcp = stack.createListeningPoint(config.bindAddress(), config.port(), ListeningPoint.TCP);
        if (!config.advertiseAddress().equals(config.bindAddress())) {
            udp.setSentBy(config.advertiseAddress() + ":" + config.port());
            tcp.setSentBy(config.advertiseAddress() + ":" + config.port());
        }
        provider = stack.createSipProvider(udp);
        provider.addListeningPoint(tcp);
        MessageFactory messages = factory.createMessageFactory();
        HeaderFactory headers = factory.createHeaderFactory();
        SipResponder responder = new SipResponder(messages, headers, provider);
        dispatcher = new SipDispatcher(responder);
        dispatcher.register(Request.OPTIONS, new OptionsHandler(responder, dispatcher));
        try {
            provider.addSipListener(dispatcher);
        } catch (TooManyListenersException e) {
            throw new IllegalStateException(e);
        }
        stack.start();
        up = true;
        log.info("SIP listening on {}:{} (UDP, TCP), advertised as {}", config.bindAddress(), config.port(),
                config.advertiseAddress());
    }

    private Properties stackProperties() {
        Properties p = new Properties();
        p.setProperty("javax.sip.STACK_NAME", config.stackName());
        p.setProperty("javax.sip.AUTOMATIC_DIALOG_SUPPORT", "off");
        p.setProperty("gov.nist.javax.sip.LOG4J_LOGGER_NAME", "gov.nist.javax.sip");
        p.setProperty("gov.nist.javax.sip.TRACE_LEVEL", "0");
        p.setProperty("gov.nist.javax.sip.REENTRANT_LISTENER", "true");
        p.setProperty("gov.nist.javax.sip.THREAD_POOL_SIZE", "8");
        p.setProperty("gov.nist.javax.sip.MAX_MESSAGE_SIZE", "65536");
        p.setProperty("gov.nist.javax.sip.RECEIVE_UDP_BUFFER_SIZE", String.valueOf(4 * 1024 * 1024));
        p.setProperty("gov.nist.javax.sip.SEND_UDP_BUFFER_SIZE", String.valueOf(4 * 1024 * 1024));
        p.setProperty("gov.nist.javax.sip.MESSAGE_PROCESSOR_FACTORY", "gov.nist.javax.sip.stack.NioMessageProcessorFactory");
        p.setProperty("gov.nist.javax.sip.LOG_MESSAGE_CONTENT", "false");
        return p;
    }

    @Override
    public String name() {
        return "sip";
    }

    @Override
    public boolean isUp() {
        return up;
    }

    @Override
    public void close() {
        up = false;
        if (stack != null) {
            stack.stop();
            log.info("SIP stopped");
        }
    }
}

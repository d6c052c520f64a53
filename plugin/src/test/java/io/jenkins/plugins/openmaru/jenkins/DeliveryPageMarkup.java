package io.jenkins.plugins.openmaru.jenkins;

import java.io.InputStream;
import java.io.StringWriter;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The build page's markup for a browser, taken from DeliveryAction's own index.jelly rather than written again: its
 * main panel with the Jelly control tags resolved for one app (every {@code j:if} true, {@code j:choose} its
 * otherwise, no rows in the tables), the adjunct as the script tag Stapler renders for it, and each {@code ${...}}
 * replaced from {@code values} (an expression not given reads "x"). Jenkins' layout around it is not rendered.
 */
final class DeliveryPageMarkup {
    static final String JELLY = "io/jenkins/plugins/openmaru/jenkins/DeliveryAction/index.jelly";
    static final String SCRIPT = "io/jenkins/plugins/openmaru/jenkins/DeliveryAction/delivery.js";
    private static final Pattern EXPRESSION = Pattern.compile("\\$\\{([^}]*)}");

    private DeliveryPageMarkup() {}

    /** An HTML page whose script is loaded from {@code scriptUrl}. */
    static String page(Map<String, String> values, String scriptUrl) throws Exception {
        Document jelly;
        try (InputStream in = DeliveryPageMarkup.class.getClassLoader().getResourceAsStream(JELLY)) {
            jelly = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(in);
        }
        Document html = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        Element root = html.createElement("html");
        html.appendChild(root);
        Element body = html.createElement("body");
        root.appendChild(body);
        Element panel = (Element) jelly.getElementsByTagName("l:main-panel").item(0);
        copyChildren(panel, body, html, values, scriptUrl);
        var out = new StringWriter();
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.METHOD, "html");
        transformer.transform(new DOMSource(html), new StreamResult(out));
        return "<!DOCTYPE html>\n" + out;
    }

    private static void copyChildren(Node from, Node to, Document html, Map<String, String> values, String scriptUrl) {
        NodeList children = from.getChildNodes();
        for (int i = 0; i < children.getLength(); i++) {
            copy(children.item(i), to, html, values, scriptUrl);
        }
    }

    private static void copy(Node node, Node to, Document html, Map<String, String> values, String scriptUrl) {
        if (node.getNodeType() == Node.TEXT_NODE) {
            to.appendChild(html.createTextNode(resolve(node.getNodeValue(), values)));
            return;
        }
        if (node.getNodeType() != Node.ELEMENT_NODE) {
            return;
        }
        Element e = (Element) node;
        switch (e.getTagName()) {
            case "st:adjunct" -> {
                Element script = html.createElement("script");
                script.setAttribute("src", scriptUrl);
                to.appendChild(script);
            }
            case "j:if", "j:otherwise" -> copyChildren(e, to, html, values, scriptUrl);
            case "j:choose" -> {
                NodeList otherwise = e.getElementsByTagName("j:otherwise");
                copy(otherwise.item(0), to, html, values, scriptUrl);
            }
            case "j:forEach" -> {
                if (e.getElementsByTagName("section").getLength() > 0) {
                    copyChildren(e, to, html, values, scriptUrl);
                }
            }
            case "j:set", "j:when" -> { }
            default -> {
                if (e.getTagName().contains(":")) {
                    throw new IllegalStateException("index.jelly has a tag this rendering does not know: " + e.getTagName());
                }
                Element copy = html.createElement(e.getTagName());
                for (int i = 0; i < e.getAttributes().getLength(); i++) {
                    Node a = e.getAttributes().item(i);
                    copy.setAttribute(a.getNodeName(), resolve(a.getNodeValue(), values));
                }
                to.appendChild(copy);
                copyChildren(e, copy, html, values, scriptUrl);
            }
        }
    }

    private static String resolve(String text, Map<String, String> values) {
        Matcher m = EXPRESSION.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.getOrDefault(m.group(1), "x")));
        }
        return m.appendTail(out).toString();
    }
}

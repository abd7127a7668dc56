package dev.polystore.tools.definitions;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/** Reads FHIR resources out of a source jar: a Bundle in JSON or XML, or the files of an npm package (.tgz). */
final class Sources {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The resource types the generator reads; everything else in a source is skipped. */
    static final Set<String> WANTED = Set.of("SearchParameter", "StructureDefinition", "CompartmentDefinition");

    private Sources() {}

    /** The wanted resources of one source: {@code kind} is json-bundle, xml-bundle or npm-package. */
    static List<FhirNode> read(Path jar, String kind, String path) throws IOException {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(path);
            if (entry == null) {
                throw new IOException(jar + " has no entry " + path);
            }
            try (InputStream in = zip.getInputStream(entry)) {
                return switch (kind) {
                    case "json-bundle" -> jsonBundle(in);
                    case "xml-bundle" -> xmlBundle(in);
                    case "npm-package" -> npmPackage(in);
                    default -> throw new IllegalArgumentException("unknown source kind " + kind);
                };
            }
        }
    }

    private static List<FhirNode> jsonBundle(InputStream in) throws IOException {
        JsonNode bundle = JSON.readTree(in);
        List<FhirNode> result = new ArrayList<>();
        for (JsonNode entry : bundle.path("entry")) {
            addIfWanted(result, FhirNode.json(entry.path("resource")));
        }
        return result;
    }

    private static List<FhirNode> xmlBundle(InputStream in) throws IOException {
        Document document = parseXml(in);
        List<FhirNode> result = new ArrayList<>();
        for (Node e = document.getDocumentElement().getFirstChild(); e != null; e = e.getNextSibling()) {
            if (!(e instanceof Element entry) || !"entry".equals(entry.getLocalName())) {
                continue;
            }
            for (Node r = entry.getFirstChild(); r != null; r = r.getNextSibling()) {
                if (r instanceof Element wrapper && "resource".equals(wrapper.getLocalName())) {
                    for (Node c = wrapper.getFirstChild(); c != null; c = c.getNextSibling()) {
                        if (c instanceof Element resource) {
                            addIfWanted(result, FhirNode.xml(resource));
                        }
                    }
                }
            }
        }
        return result;
    }

    /** The top-level {@code package/<Type>-<id>.json} files of an npm package whose type is wanted. */
    private static List<FhirNode> npmPackage(InputStream in) throws IOException {
        List<FhirNode> result = new ArrayList<>();
        TarReader.read(new GZIPInputStream(in, 1 << 16), Sources::isWantedPackageFile, (name, content) -> {
            addIfWanted(result, FhirNode.json(JSON.readTree(content)));
        });
        return result;
    }

    private static boolean isWantedPackageFile(String name) {
        if (!name.startsWith("package/") || !name.endsWith(".json") || name.indexOf('/', "package/".length()) >= 0) {
            return false;
        }
        String file = name.substring("package/".length());
        int dash = file.indexOf('-');
        return dash > 0 && WANTED.contains(file.substring(0, dash));
    }

    private static void addIfWanted(List<FhirNode> result, FhirNode resource) {
        if (WANTED.contains(resource.resourceType())) {
            result.add(resource);
        }
    }

    private static Document parseXml(InputStream in) throws IOException {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setExpandEntityReferences(false);
            factory.setIgnoringComments(true);
            DocumentBuilder builder = factory.newDocumentBuilder();
            return builder.parse(in);
        } catch (ParserConfigurationException | SAXException e) {
            throw new IOException("cannot parse XML: " + e.getMessage(), e);
        }
    }
}

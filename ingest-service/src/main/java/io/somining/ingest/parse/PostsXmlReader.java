package io.somining.ingest.parse;

import com.ctc.wstx.api.WstxInputProperties;
import com.ctc.wstx.stax.WstxInputFactory;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Streams the rows of a dump's {@code Posts.xml} with Woodstox: constant memory whatever the file's
 * size. DTDs and external entities are never processed; characters that XML 1.0 forbids but real
 * dumps contain ({@code &#x0E;}) are accepted.
 */
public final class PostsXmlReader implements PostSource {

    private static final XMLInputFactory FACTORY = newFactory();
    private static final int MAX_WARNINGS_KEPT = 1000;
    static final int MAX_ATTRIBUTE_CHARS = 8 << 20;

    private final String file;
    private final InputStream input;
    private final XMLStreamReader reader;
    private final List<String> warnings = new ArrayList<>();
    private boolean started;

    public PostsXmlReader(String file, InputStream input) throws DumpFormatException {
        this.file = file;
        this.input = input;
        try {
            this.reader = FACTORY.createXMLStreamReader(input);
        } catch (XMLStreamException e) {
            throw failure(e.getLocation(), e.getMessage(), e);
        }
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = new WstxInputFactory();
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(WstxInputProperties.P_ALLOW_XML11_ESCAPED_CHARS_IN_XML10, true);
        // a post body is at most a few hundred kB; a larger attribute is an attack or a broken file
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTE_SIZE, MAX_ATTRIBUTE_CHARS);
        factory.setProperty(WstxInputProperties.P_MAX_ATTRIBUTES_PER_ELEMENT, 100);
        factory.setProperty(WstxInputProperties.P_MAX_ELEMENT_DEPTH, 10);
        return factory;
    }

    @Override
    public PostRow next() throws DumpFormatException {
        try {
            while (reader.hasNext()) {
                int event = reader.next();
                if (event == XMLStreamConstants.DTD) {
                    throw failure(reader.getLocation(), "a DTD is not allowed in a dump", null);
                }
                if (event != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                String name = reader.getLocalName();
                if (!started) {
                    if (!"posts".equals(name)) {
                        throw failure(reader.getLocation(),
                                "not a Posts table: root element is <" + name + ">, expected <posts>", null);
                    }
                    started = true;
                    continue;
                }
                if (!"row".equals(name)) {
                    throw failure(reader.getLocation(), "unexpected element <" + name + "> in <posts>", null);
                }
                PostRow row = readRow();
                if (row != null) {
                    return row;
                }
            }
            if (!started) {
                throw failure(reader.getLocation(), "no <posts> element: not a dump", null);
            }
            return null;
        } catch (XMLStreamException e) {
            throw failure(e.getLocation(), e.getMessage(), e);
        }
    }

    private PostRow readRow() {
        long line = reader.getLocation().getLineNumber();
        try {
            return Fields.row(this::attribute, line);
        } catch (Fields.BadField e) {
            if (warnings.size() < MAX_WARNINGS_KEPT) {
                warnings.add(file + ":" + line + ": row skipped, " + e.getMessage());
            }
            return null;
        }
    }

    private String attribute(String name) {
        return reader.getAttributeValue(null, name);
    }

    private DumpFormatException failure(Location reported, String message, Throwable cause) {
        // decoding and size-limit errors come without a location: the parser's position is where it stopped
        Location location = reported != null ? reported : reader == null ? null : reader.getLocation();
        long line = location == null ? -1 : location.getLineNumber();
        long column = location == null ? -1 : location.getColumnNumber();
        String clean = message == null ? "unreadable XML" : message.replaceFirst("(?s)^ParseError at \\[row,col\\]:\\[\\d+,\\d+\\]\\s*Message: ", "");
        return new DumpFormatException(file, line, column, clean.strip(), cause);
    }

    @Override
    public List<String> drainWarnings() {
        List<String> drained = List.copyOf(warnings);
        warnings.clear();
        return drained;
    }

    @Override
    public void close() throws IOException {
        try {
            reader.close();
        } catch (XMLStreamException e) {
            throw new IOException(e);
        } finally {
            input.close();
        }
    }
}

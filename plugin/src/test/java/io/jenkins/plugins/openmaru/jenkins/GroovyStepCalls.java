package io.jenkins.plugins.openmaru.jenkins;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds the calls of our steps in Groovy text ({@code openmaruXxx(key: value, ...)} and the command form
 * {@code openmaruXxx key: value, ...}) and reads their arguments as the Groovy values Pipeline would pass: strings,
 * numbers (Integer, Long, BigDecimal as Groovy types its literals), booleans, null, lists and maps. What is only
 * known at run time is a {@link RunTimeValue}. Anything else is an error naming where it is, so a snippet that is
 * not plain Groovy cannot slip through.
 */
final class GroovyStepCalls {
    /** An anonymous argument, as in {@code openmaruStatus 'shop'}: the binder gives it to the sole required parameter. */
    static final String ANONYMOUS = "<anonymous>";
    private static final Pattern STEP = Pattern.compile("openmaru[A-Z]\\w*");

    /** A call of a step: its name, its arguments in the order written, where it is (file:line), and whether a block follows. */
    record Call(String step, Map<String, Object> arguments, String where, boolean block) {}

    /**
     * A value known only when the Pipeline runs: a variable or property ({@code env.IMAGE}, {@code params.X}) of any
     * type, or a GString with {@code ${...}}, which Pipeline flattens to a String.
     */
    record RunTimeValue(String text, boolean string) {}

    private final String text;
    private final String source;
    private final int firstLine;
    private final List<Call> calls = new ArrayList<>();
    private int pos;

    private GroovyStepCalls(String text, String source, int firstLine) {
        this.text = text;
        this.source = source;
        this.firstLine = firstLine;
    }

    /**
     * @param source the file, for messages
     * @param firstLine the line {@code text} starts on in that file
     */
    static List<Call> find(String text, String source, int firstLine) {
        GroovyStepCalls p = new GroovyStepCalls(text, source, firstLine);
        p.scan();
        return p.calls;
    }

    /** Reads one Groovy value, e.g. to read back what {@link SnippetWriter} wrote. */
    static Object value(String text) {
        GroovyStepCalls p = new GroovyStepCalls(text, "value", 1);
        Object v = p.readValue();
        p.skipBlanks(true);
        if (p.pos != text.length()) {
            throw p.error("unexpected text after the value");
        }
        return v;
    }

    private void scan() {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (text.startsWith("//", pos)) {
                pos = lineEnd();
            } else if (text.startsWith("/*", pos)) {
                pos = text.indexOf("*/", pos) < 0 ? text.length() : text.indexOf("*/", pos) + 2;
            } else if (c == '\'' || c == '"') {
                readString();
            } else if (Character.isJavaIdentifierStart(c) && (pos == 0 || !Character.isJavaIdentifierPart(text.charAt(pos - 1)))) {
                int start = pos;
                String word = identifier();
                if (STEP.matcher(word).matches() && (start == 0 || text.charAt(start - 1) != '.')) {
                    calls.add(readCall(word, start));
                }
            } else {
                pos++;
            }
        }
    }

    private Call readCall(String step, int start) {
        String where = source + ":" + lineOf(start);
        Map<String, Object> args = new LinkedHashMap<>();
        skipBlanks(false);
        if (pos < text.length() && text.charAt(pos) == '(') {
            pos++;
            skipBlanks(true);
            if (!peek(')')) {
                readArguments(args, true);
            }
            expect(')');
        } else if (pos < text.length() && startsValue(text.charAt(pos))) {
            readArguments(args, false);
        } else {
            throw error(step + " is named but not called");
        }
        int end = pos;
        skipBlanks(false);
        boolean block = peek('{');
        pos = end;
        return new Call(step, args, where, block);
    }

    /** {@code key: value} pairs or one anonymous value, separated by commas; a comma at a line's end continues the call. */
    private void readArguments(Map<String, Object> args, boolean inParentheses) {
        while (true) {
            int before = pos;
            String key = keyIfAny();
            if (key == null) {
                pos = before;
                put(args, ANONYMOUS, readValue());
            } else {
                put(args, key, readValue());
            }
            skipBlanks(inParentheses);
            if (!peek(',')) {
                return;
            }
            pos++;
            skipBlanks(true);
        }
    }

    private void put(Map<String, Object> args, String key, Object value) {
        if (args.containsKey(key)) {
            throw error("argument " + key + " given twice");
        }
        args.put(key, value);
    }

    /**
     * A map key ({@code name:} or {@code 'name':}) at the position, consumed with its colon; null when there is none.
     * Double-quoted keys are left out: a GString read twice would report its calls twice.
     */
    private String keyIfAny() {
        int start = pos;
        String key = null;
        char c = pos < text.length() ? text.charAt(pos) : 0;
        if (Character.isJavaIdentifierStart(c)) {
            key = identifier();
        } else if (c == '\'') {
            key = (String) readString();
        }
        skipBlanks(false);
        if (key != null && peek(':')) {
            pos++;
            skipBlanks(true);
            return key;
        }
        pos = start;
        return null;
    }

    private Object readValue() {
        skipBlanks(true);
        if (pos >= text.length()) {
            throw error("a value is missing");
        }
        char c = text.charAt(pos);
        if (c == '\'' || c == '"') {
            return readString();
        }
        if (c == '[') {
            return readListOrMap();
        }
        if (c == '-' || Character.isDigit(c)) {
            return readNumber();
        }
        if (Character.isJavaIdentifierStart(c)) {
            return readWordValue();
        }
        throw error("cannot read a Groovy value at '" + text.substring(pos, Math.min(text.length(), pos + 12)) + "'");
    }

    private Object readWordValue() {
        int start = pos;
        String word = identifier();
        switch (word) {
            case "true":
                return Boolean.TRUE;
            case "false":
                return Boolean.FALSE;
            case "null":
                return null;
            default:
                break;
        }
        if (STEP.matcher(word).matches()) {
            throw error("a step call as an argument");
        }
        // A property chain, maybe with calls or indexes: env.IMAGE, params.GIT_REF, s.rollout?.phase, list[0], x.trim()
        while (pos < text.length()) {
            if (text.startsWith("?.", pos) || (text.charAt(pos) == '.' && pos + 1 < text.length() && Character.isJavaIdentifierStart(text.charAt(pos + 1)))) {
                pos += text.charAt(pos) == '?' ? 2 : 1;
                identifier();
            } else if (text.charAt(pos) == '(' || text.charAt(pos) == '[') {
                skipBalanced();
            } else {
                break;
            }
        }
        return new RunTimeValue(text.substring(start, pos), false);
    }

    private Object readListOrMap() {
        expect('[');
        skipBlanks(true);
        if (peek(':')) {
            pos++;
            skipBlanks(true);
            expect(']');
            return new LinkedHashMap<String, Object>();
        }
        List<Object> list = new ArrayList<>();
        Map<String, Object> map = new LinkedHashMap<>();
        boolean isMap = false;
        boolean first = true;
        while (!peek(']')) {
            String key = keyIfAny();
            if (first) {
                isMap = key != null;
                first = false;
            } else if (isMap != (key != null)) {
                throw error("a list literal mixed with map entries");
            }
            if (isMap) {
                put(map, key, readValue());
            } else {
                list.add(readValue());
            }
            skipBlanks(true);
            if (!peek(',')) {
                break;
            }
            pos++;
            skipBlanks(true); // Groovy allows a trailing comma before ]
        }
        expect(']');
        return isMap ? map : list;
    }

    private Object readNumber() {
        int start = pos;
        if (peek('-')) {
            pos++;
        }
        while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
            pos++;
        }
        boolean decimal = pos + 1 < text.length() && text.charAt(pos) == '.' && Character.isDigit(text.charAt(pos + 1));
        if (decimal) {
            pos++;
            while (pos < text.length() && Character.isDigit(text.charAt(pos))) {
                pos++;
            }
        }
        String n = text.substring(start, pos);
        if (n.equals("-")) {
            throw error("a number is missing after -");
        }
        if (decimal) {
            return new BigDecimal(n);
        }
        long l = Long.parseLong(n);
        return l == (int) l ? Integer.valueOf((int) l) : (Object) Long.valueOf(l);
    }

    /** A quoted string: a String, or a {@link RunTimeValue} for a GString with {@code ${...}} (whose calls are found too). */
    private Object readString() {
        char quote = text.charAt(pos);
        String delimiter = text.startsWith(String.valueOf(quote).repeat(3), pos) ? String.valueOf(quote).repeat(3) : String.valueOf(quote);
        int start = pos;
        pos += delimiter.length();
        StringBuilder b = new StringBuilder();
        boolean interpolated = false;
        while (!text.startsWith(delimiter, pos)) {
            if (pos >= text.length() || (delimiter.length() == 1 && text.charAt(pos) == '\n')) {
                throw error("a string is not closed");
            }
            char c = text.charAt(pos);
            if (c == '\\' && pos + 1 < text.length()) {
                char e = text.charAt(pos + 1);
                b.append(e == 'n' ? '\n' : e == 't' ? '\t' : e);
                pos += 2;
            } else if (quote == '"' && text.startsWith("${", pos)) {
                int open = pos + 1;
                pos = open;
                skipBalanced();
                calls.addAll(find(text.substring(open + 1, pos - 1), source, lineOf(open)));
                interpolated = true;
            } else if (quote == '"' && c == '$' && pos + 1 < text.length() && Character.isJavaIdentifierStart(text.charAt(pos + 1))) {
                pos++;
                identifier();
                interpolated = true;
            } else {
                b.append(c);
                pos++;
            }
        }
        pos += delimiter.length();
        return interpolated ? new RunTimeValue(text.substring(start, pos), true) : b.toString();
    }

    /** Skips a bracketed group starting at the position ({@code (...)}, {@code [...]}, {@code {...}}), strings included. */
    private void skipBalanced() {
        int depth = 0;
        do {
            char c = text.charAt(pos);
            if (c == '\'' || c == '"') {
                readString();
                continue;
            }
            if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if (c == ')' || c == ']' || c == '}') {
                depth--;
            }
            pos++;
        } while (depth > 0 && pos < text.length());
        if (depth > 0) {
            throw error("a bracket is not closed");
        }
    }

    private boolean startsValue(char c) {
        return c == '\'' || c == '"' || c == '[' || c == '-' || Character.isLetterOrDigit(c) || c == '_';
    }

    private String identifier() {
        int start = pos;
        while (pos < text.length() && Character.isJavaIdentifierPart(text.charAt(pos))) {
            pos++;
        }
        return text.substring(start, pos);
    }

    /** Skips spaces and comments; newlines too when {@code newlines} (inside brackets, or after a comma). */
    private void skipBlanks(boolean newlines) {
        while (pos < text.length()) {
            char c = text.charAt(pos);
            if (c == ' ' || c == '\t' || c == '\r' || (newlines && c == '\n')) {
                pos++;
            } else if (text.startsWith("//", pos)) {
                pos = lineEnd();
            } else {
                return;
            }
        }
    }

    private boolean peek(char c) {
        return pos < text.length() && text.charAt(pos) == c;
    }

    private void expect(char c) {
        skipBlanks(true);
        if (!peek(c)) {
            throw error("expected '" + c + "'");
        }
        pos++;
    }

    private int lineEnd() {
        int n = text.indexOf('\n', pos);
        return n < 0 ? text.length() : n;
    }

    private int lineOf(int at) {
        int line = firstLine;
        for (int i = 0; i < at && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private IllegalArgumentException error(String problem) {
        return new IllegalArgumentException(source + ":" + lineOf(pos) + ": " + problem);
    }
}

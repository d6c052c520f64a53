package org.kohsuke.stapler;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.lang.reflect.Type;
import java.util.Calendar;
import java.util.Date;
import java.util.List;
import net.sf.json.JSONObject;
import org.kohsuke.stapler.bind.BoundObjectTable;
import org.kohsuke.stapler.lang.Klass;

/** Stub of stapler {@code StaplerRequest2}: every abstract member, so test fakes implement what Stapler's does. */
public interface StaplerRequest2 extends HttpServletRequest {
    <T> T bindJSON(Class<T> type, JSONObject src);
    void bindJSON(Object bean, JSONObject src);
    <T> T bindJSON(Type genericType, Class<T> erasure, Object json);
    <T> List<T> bindJSONToList(Class<T> type, Object src);
    @Deprecated
    <T> T bindParameters(Class<T> type, String prefix);
    @Deprecated
    <T> T bindParameters(Class<T> type, String prefix, int index);
    void bindParameters(Object bean);
    @Deprecated
    void bindParameters(Object bean, String prefix);
    @Deprecated
    <T> List<T> bindParametersToList(Class<T> type, String prefix);
    boolean checkIfModified(long timestampOfResource, StaplerResponse2 rsp);
    boolean checkIfModified(long timestampOfResource, StaplerResponse2 rsp, long expiration);
    boolean checkIfModified(Calendar timestampOfResource, StaplerResponse2 rsp);
    boolean checkIfModified(Date timestampOfResource, StaplerResponse2 rsp);
    @Deprecated
    String createJavaScriptProxy(Object toBeExported);
    RenderOnDemandParameters createJavaScriptProxyParameters(Object toBeExported);
    Ancestor findAncestor(Class<?> type);
    Ancestor findAncestor(Object o);
    <T> T findAncestorObject(Class<T> type);
    List<Ancestor> getAncestors();
    BindInterceptor getBindInterceptor();
    BoundObjectTable getBoundObjectTable();
    @Deprecated
    org.apache.commons.fileupload.FileItem getFileItem(String name) throws ServletException, IOException;
    org.apache.commons.fileupload2.core.FileItem getFileItem2(String name) throws ServletException, IOException;
    String getOriginalRequestURI();
    String getOriginalRestOfPath();
    String getReferer();
    String getRequestURIWithQueryString();
    StringBuffer getRequestURLWithQueryString();
    String getRestOfPath();
    String getRootPath();
    ServletContext getServletContext();
    Stapler getStapler();
    JSONObject getSubmittedForm() throws ServletException;
    RequestDispatcher getView(Class<?> clazz, String viewName) throws IOException;
    RequestDispatcher getView(Object it, String viewName) throws IOException;
    RequestDispatcher getView(Klass<?> clazz, String viewName) throws IOException;
    WebApp getWebApp();
    boolean hasParameter(String name);
    boolean isJavaScriptProxyCall();
    BindInterceptor setBindInterceptor(BindInterceptor bindListener);
    @Deprecated
    BindInterceptor setBindInterceptpr(BindInterceptor bindListener);
    @Deprecated
    BindInterceptor setBindListener(BindInterceptor bindListener);

    /** Stub of {@code StaplerRequest2.RenderOnDemandParameters}. */
    final class RenderOnDemandParameters {
        private RenderOnDemandParameters() {
        }
    }
}

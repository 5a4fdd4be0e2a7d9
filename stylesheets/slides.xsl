<?xml version="1.0" encoding="UTF-8"?>
<!--
  slides.xsl: a programme description as presentation slides, 16:9 landscape pages
  (320 mm by 180 mm), one slide per section as the partners' briefing ran: title,
  background, programme management, methods, progress (with a second slide for the
  payback on the funding when the data gives one), lessons learned, next steps, any
  questions? Large type (20pt and more), the slide number and count at the foot of
  each slide. Standalone HTML5: a browser shows the slides one under another.

  The title slide lists the slides with their numbers (a nav, target-counter()). The
  governance, savings and payback charts come from charts.xsl at a larger label size.
  A slide the data has nothing for is left out. CSS keeps to the subset the PDF engine
  honours: a named page for the title slide, floats for a chart beside its bullets,
  two columns for long lists.

  The colours and the font are custom properties on :root (brand, ink, muted, paper,
  rule and the rest, and font-body), so a council restyles the document by overriding
  them in one rule.
-->
<xsl:stylesheet version="1.0"
                xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:bp="urn:briefpack:common"
                xmlns:exsl="http://exslt.org/common"
                extension-element-prefixes="exsl"
                exclude-result-prefixes="bp exsl">

  <xsl:import href="common.xsl"/>
  <xsl:import href="figures.xsl"/>
  <xsl:import href="charts.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <xsl:strip-space elements="*"/>
  <xsl:preserve-space elements="title short-title summary purpose text membership role remark
                                description reason lesson note work questions em strong link"/>

  <xsl:variable name="p" select="/programme"/>

  <xsl:variable name="as-at">
    <xsl:call-template name="bp:date"><xsl:with-param name="node" select="$p/as-at"/></xsl:call-template>
  </xsl:variable>

  <xsl:variable name="partner-list">
    <xsl:for-each select="$p/partners/partner">
      <xsl:if test="position() > 1">
        <xsl:choose>
          <xsl:when test="position() = last()"> and </xsl:when>
          <xsl:otherwise>, </xsl:otherwise>
        </xsl:choose>
      </xsl:if>
      <xsl:value-of select="normalize-space(name)"/>
    </xsl:for-each>
  </xsl:variable>

  <!-- label size of the charts on a slide, in SVG units -->
  <xsl:variable name="chart-font" select="18"/>

  <!-- ============================================================ page -->

  <xsl:template match="/">
    <xsl:apply-templates select="programme"/>
  </xsl:template>

  <xsl:template match="programme">
    <html lang="en-GB">
      <head>
        <meta charset="UTF-8"/>
        <title><xsl:value-of select="concat(normalize-space(title), ': slides, ', $as-at)"/></title>
        <meta name="author">
          <xsl:attribute name="content">
            <xsl:call-template name="bp:person"><xsl:with-param name="node" select="contact-officer"/></xsl:call-template>
            <xsl:value-of select="concat(', for ', $partner-list)"/>
          </xsl:attribute>
        </meta>
        <meta name="description">
          <xsl:attribute name="content">
            <xsl:value-of select="concat('Presentation on the ', normalize-space(title), ' of ', $partner-list,
                                         ', as at ', $as-at, '.')"/>
          </xsl:attribute>
        </meta>
        <meta name="keywords">
          <xsl:attribute name="content">
            <xsl:text>presentation, shared services</xsl:text>
            <xsl:for-each select="keywords/keyword">
              <xsl:value-of select="concat(', ', normalize-space(.))"/>
            </xsl:for-each>
          </xsl:attribute>
        </meta>
        <style>
          <xsl:call-template name="css"/>
        </style>
      </head>
      <body>
        <xsl:variable name="slides-rtf">
          <xsl:call-template name="background"/>
          <xsl:apply-templates select="governance"/>
          <xsl:apply-templates select="methods"/>
          <xsl:apply-templates select="workstreams"/>
          <xsl:call-template name="payback"/>
          <xsl:apply-templates select="lessons"/>
          <xsl:apply-templates select="next-steps"/>
          <xsl:call-template name="questions"/>
        </xsl:variable>
        <xsl:variable name="slides" select="exsl:node-set($slides-rtf)/section"/>
        <header class="title-slide">
          <div class="title-text">
            <p class="partners">
              <xsl:for-each select="partners/partner">
                <xsl:if test="position() > 1"> · </xsl:if>
                <xsl:value-of select="normalize-space(name)"/>
              </xsl:for-each>
            </p>
            <h1><xsl:value-of select="normalize-space(title)"/></h1>
            <p class="as-at">
              <span class="short-title"><xsl:value-of select="normalize-space(short-title)"/></span>
              <xsl:value-of select="concat(' briefing, status as at ', $as-at)"/>
            </p>
          </div>
          <nav class="slide-list" aria-labelledby="slide-list-heading">
            <h2 id="slide-list-heading">In this presentation</h2>
            <ol>
              <xsl:for-each select="$slides">
                <li><a href="#{@id}"><xsl:value-of select="normalize-space(h2)"/></a></li>
              </xsl:for-each>
            </ol>
          </nav>
        </header>
        <main>
          <xsl:copy-of select="$slides"/>
        </main>
        <footer>
          <p>
            <xsl:value-of select="concat(normalize-space(title), ', status as at ', $as-at,
                                         ', version ', normalize-space(version), '. ')"/>
            <xsl:call-template name="bp:classification"/>
            <xsl:text>.</xsl:text>
          </p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- ======================================================== background -->

  <xsl:template name="background">
    <xsl:if test="funding/award or milestones">
      <section class="slide" id="background">
        <h2>Background</h2>
        <ul class="points">
          <xsl:if test="count(workstreams/workstream) + count(milestones/milestone) > 6">
            <xsl:attribute name="class">points small</xsl:attribute>
          </xsl:if>
          <xsl:for-each select="funding/award">
            <xsl:variable name="ws" select="concat(' ', normalize-space(@workstreams), ' ')"/>
            <li>
              <xsl:if test="awarded">
                <xsl:text>In </xsl:text>
                <xsl:call-template name="bp:date"><xsl:with-param name="node" select="awarded"/></xsl:call-template>
                <xsl:text> the </xsl:text>
              </xsl:if>
              <xsl:if test="not(awarded)">The </xsl:if>
              <xsl:choose>
                <xsl:when test="source/@abbr"><xsl:value-of select="source/@abbr"/></xsl:when>
                <xsl:otherwise><xsl:value-of select="normalize-space(source)"/></xsl:otherwise>
              </xsl:choose>
              <xsl:text> awarded </xsl:text>
              <xsl:choose>
                <xsl:when test="money"><xsl:call-template name="bp:money"><xsl:with-param name="node" select="money"/></xsl:call-template></xsl:when>
                <xsl:otherwise>funding</xsl:otherwise>
              </xsl:choose>
              <xsl:text> to the </xsl:text>
              <xsl:call-template name="bp:number-word"><xsl:with-param name="n" select="count($p/partners/partner)"/></xsl:call-template>
              <xsl:text> councils</xsl:text>
              <xsl:if test="purpose">
                <xsl:text> </xsl:text>
                <xsl:apply-templates select="purpose/node()" mode="inline"/>
              </xsl:if>
              <xsl:choose>
                <xsl:when test="@workstreams">:</xsl:when>
                <xsl:otherwise>.</xsl:otherwise>
              </xsl:choose>
              <xsl:if test="@workstreams">
                <ol class="areas">
                  <xsl:if test="count($p/workstreams/workstream[contains($ws, concat(' ', @id, ' '))]) > 4">
                    <xsl:attribute name="class">areas two-columns</xsl:attribute>
                  </xsl:if>
                  <xsl:for-each select="$p/workstreams/workstream[contains($ws, concat(' ', @id, ' '))]">
                    <li><xsl:value-of select="normalize-space(name)"/></li>
                  </xsl:for-each>
                </ol>
              </xsl:if>
            </li>
          </xsl:for-each>
          <xsl:if test="milestones">
            <li>
              <xsl:text>The key milestones:</xsl:text>
              <ul>
                <xsl:for-each select="milestones/milestone">
                  <li><xsl:apply-templates select="text/node()" mode="inline"/></li>
                </xsl:for-each>
              </ul>
            </li>
          </xsl:if>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ======================================================== governance -->

  <xsl:template match="governance">
    <section class="slide" id="programme-management">
      <h2>Programme management</h2>
      <xsl:call-template name="bp:chart-governance">
        <xsl:with-param name="id" select="'fig-governance'"/>
        <xsl:with-param name="font-size" select="$chart-font"/>
        <xsl:with-param name="class" select="'beside'"/>
      </xsl:call-template>
      <ul class="points small">
        <xsl:for-each select="body">
          <li>
            <strong><xsl:value-of select="normalize-space(name)"/></strong>
            <xsl:text>: </xsl:text>
            <xsl:choose>
              <xsl:when test="role"><xsl:apply-templates select="role/node()" mode="inline"/></xsl:when>
              <xsl:otherwise><xsl:apply-templates select="membership/node()" mode="inline"/></xsl:otherwise>
            </xsl:choose>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- =========================================================== methods -->

  <xsl:template match="methods">
    <section class="slide" id="methods">
      <h2>Methods adopted</h2>
      <ul class="points small">
        <xsl:if test="count(method) > 4"><xsl:attribute name="class">points small two-columns</xsl:attribute></xsl:if>
        <xsl:for-each select="method">
          <li>
            <strong>
              <xsl:value-of select="normalize-space(name)"/>
              <xsl:if test="date">
                <xsl:text>, </xsl:text>
                <xsl:call-template name="bp:date"><xsl:with-param name="node" select="date"/></xsl:call-template>
              </xsl:if>
              <xsl:text>: </xsl:text>
            </strong>
            <xsl:apply-templates select="description/node()" mode="inline"/>
            <xsl:call-template name="bp:method-reasons"/>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- ========================================================== progress -->

  <xsl:template match="workstreams">
    <section class="slide" id="progress">
      <h2>Progress</h2>
      <xsl:call-template name="bp:chart-savings">
        <xsl:with-param name="id" select="'fig-savings'"/>
        <xsl:with-param name="font-size" select="$chart-font"/>
        <xsl:with-param name="class" select="'beside'"/>
      </xsl:call-template>
      <ul class="points small">
        <xsl:for-each select="workstream">
          <li>
            <strong><xsl:value-of select="normalize-space(name)"/></strong>
            <xsl:text>: </xsl:text>
            <xsl:call-template name="bp:status-label"/>
            <xsl:if test="@host">
              <xsl:text>, hosted by </xsl:text>
              <xsl:value-of select="@host"/>
            </xsl:if>
            <xsl:choose>
              <xsl:when test="go-live">
                <xsl:text>, from </xsl:text>
                <xsl:call-template name="bp:date"><xsl:with-param name="node" select="go-live"/></xsl:call-template>
              </xsl:when>
              <xsl:when test="completion">
                <xsl:text>, complete by </xsl:text>
                <xsl:call-template name="bp:date"><xsl:with-param name="node" select="completion"/></xsl:call-template>
              </xsl:when>
            </xsl:choose>
            <xsl:for-each select="adviser">
              <xsl:value-of select="concat('; adviser ', normalize-space(name))"/>
            </xsl:for-each>
            <xsl:text>.</xsl:text>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <xsl:template name="payback">
    <xsl:variable name="chart">
      <xsl:call-template name="bp:chart-payback">
        <xsl:with-param name="id" select="'fig-payback'"/>
        <xsl:with-param name="font-size" select="$chart-font"/>
        <xsl:with-param name="class" select="'wide'"/>
      </xsl:call-template>
    </xsl:variable>
    <xsl:if test="exsl:node-set($chart)/*">
      <section class="slide" id="payback">
        <h2>Progress: savings against the funding</h2>
        <xsl:copy-of select="$chart"/>
        <p class="takeaway"><xsl:call-template name="bp:return-sentence"/></p>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ================================================= lessons, next steps -->

  <xsl:template match="lessons">
    <section class="slide" id="lessons">
      <h2>Lessons learned to date</h2>
      <ul class="points">
        <xsl:if test="count(lesson) > 7"><xsl:attribute name="class">points small</xsl:attribute></xsl:if>
        <xsl:for-each select="lesson">
          <li><xsl:apply-templates select="node()" mode="inline"/></li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <xsl:template match="next-steps">
    <section class="slide" id="next-steps">
      <h2>Next steps</h2>
      <ul class="points">
        <xsl:if test="count(step) > 5"><xsl:attribute name="class">points small</xsl:attribute></xsl:if>
        <xsl:for-each select="step">
          <li>
            <xsl:apply-templates select="text/node()" mode="inline"/>
            <xsl:if test="target">
              <xsl:text> </xsl:text>
              <strong>
                <xsl:text>Target: </xsl:text>
                <xsl:call-template name="bp:date"><xsl:with-param name="node" select="target"/></xsl:call-template>
                <xsl:text>.</xsl:text>
              </strong>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- ========================================================= questions -->

  <xsl:template name="questions">
    <section class="slide" id="questions">
      <h2>
        <xsl:choose>
          <xsl:when test="closing/questions"><xsl:value-of select="normalize-space(closing/questions)"/></xsl:when>
          <xsl:otherwise>Any questions?</xsl:otherwise>
        </xsl:choose>
      </h2>
      <xsl:variable name="contacts" select="closing/contact | contact-officer[not(../closing/contact)]"/>
      <p class="contact-lead">Contact:</p>
      <ul class="contacts">
        <xsl:for-each select="$contacts">
          <li>
            <xsl:call-template name="bp:person"/>
            <xsl:if test="email">
              <br/>
              <a href="mailto:{normalize-space(email)}"><xsl:value-of select="normalize-space(email)"/></a>
            </xsl:if>
            <xsl:if test="phone">
              <br/>
              <xsl:value-of select="concat('Telephone ', normalize-space(phone))"/>
            </xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </section>
  </xsl:template>

  <!-- ===================================================================== CSS -->

  <xsl:template name="css">
    <xsl:text>
:root {
  /* The palette and type: restyle a pack by overriding these. */
  --brand: #1d3f6e;
  --ink: #1a1a1a;
  --muted: #4a4a4a;
  --paper: #ffffff;
  --on-brand: #ffffff;
  --rule: #8a9bb5;
  --font-body: "Liberation Sans", Arial, Helvetica, sans-serif;
}
</xsl:text>
    <xsl:text>
@page {
  size: 320mm 180mm;
  margin: 12mm 16mm 16mm 16mm;
  @bottom-left {
    content: string(short-title);
    font-family: var(--font-body);
    font-size: 12pt;
    color: var(--muted);
  }
  @bottom-right {
    content: counter(page) " / " counter(pages);
    font-family: var(--font-body);
    font-size: 14pt;
    font-weight: bold;
    color: var(--brand);
  }
}
@page title {
  @bottom-left { content: none; }
}
head, style, title { display: none; }
html { background-color: var(--paper); }
body {
  display: block;
  max-width: 288mm;
  margin: 0 auto;
  padding: 0;
  font-family: var(--font-body);
  font-size: 22pt;
  line-height: 1.3;
  color: var(--ink);
  background-color: var(--paper);
}
header, main, section, footer, div, nav, figure { display: block; }
.title-slide {
  page: title;
  min-height: 128mm;
  padding: 12mm 14mm 8mm 14mm;
  background-color: var(--brand);
  color: var(--on-brand);
  border-radius: 6pt;
}
.title-text { margin: 0 0 8mm 0; }
.title-slide .partners { margin: 0 0 8mm 0; font-size: 16pt; font-weight: bold; }
.title-slide h1 {
  margin: 0 0 4mm 0;
  font-size: 40pt;
  line-height: 1.1;
  font-weight: bold;
  color: var(--on-brand);
}
.title-slide .as-at { margin: 0; font-size: 20pt; }
.short-title { string-set: short-title content(); }
.slide-list {
  margin: 0;
  padding: 3mm 0 0 0;
  border-top: 1pt solid var(--on-brand);
  font-size: 14pt;
}
.slide-list h2 {
  margin: 0 0 2mm 0;
  font-size: 16pt;
  color: var(--on-brand);
  border-bottom: none;
  padding: 0;
}
.slide-list ol { list-style-type: none; margin: 0; padding: 0; column-count: 3; column-gap: 10mm; }
.slide-list li { margin: 0 0 1mm 0; }
.slide-list a { color: var(--on-brand); text-decoration: none; }
.slide-list a::after { content: leader(dotted) " " target-counter(attr(href), page); }
section.slide {
  break-before: page;
  page-break-before: always;
}
h2 {
  display: block;
  margin: 0 0 6mm 0;
  padding: 0 0 2mm 0;
  font-size: 32pt;
  line-height: 1.15;
  font-weight: bold;
  color: var(--brand);
  border-bottom: 3pt solid var(--brand);
}
p { display: block; margin: 0 0 4mm 0; }
strong { font-weight: bold; }
em { font-style: italic; }
a { color: var(--brand); }
ul, ol { display: block; margin: 0; padding: 0 0 0 1.2em; }
ul { list-style-type: disc; }
ol { list-style-type: decimal; }
li { display: list-item; margin: 0 0 3mm 0; }
li ul, li ol { margin: 2mm 0 0 0; }
li li { margin: 0 0 1mm 0; }
ul.points.small { font-size: 18pt; }
ul.two-columns, ol.two-columns { column-count: 2; column-gap: 12mm; }
figure.chart { margin: 0; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.beside {
  float: right;
  width: 46%;
  margin: 0 0 2mm 8mm;
}
figure.wide { width: 58%; margin: 0 auto 2mm auto; }
figcaption { display: block; margin: 2mm 0 0 0; font-size: 11pt; line-height: 1.3; color: var(--muted); }
.chart-title { font-weight: bold; color: var(--ink); }
.takeaway { font-size: 18pt; font-weight: bold; color: var(--brand); }
#questions h2 { font-size: 54pt; border-bottom: none; margin: 20mm 0 10mm 0; }
.contact-lead { font-size: 20pt; margin: 0 0 2mm 0; }
ul.contacts { list-style-type: none; padding: 0; font-size: 20pt; }
footer {
  margin: 16mm 0 0 0;
  padding: 2mm 0 0 0;
  border-top: 1pt solid var(--rule);
  font-size: 12pt;
  color: var(--muted);
}
footer p { margin: 0; }
</xsl:text>
  </xsl:template>

</xsl:stylesheet>

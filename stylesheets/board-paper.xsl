<?xml version="1.0" encoding="UTF-8"?>
<!--
  board-paper.xsl: a programme description as a report to the partnership's Joint
  Board, in the form UK councils use for committee reports, as standalone HTML5 for
  browsers and for briefpack's paged-media engine.

  Order: header block (councils, meeting, date, agenda item, report of, portfolio,
  contact officer, wards, key decision, classification), then numbered sections:
  purpose of the report, recommendations (numbered), reasons for the recommendations,
  alternative options considered, background, progress by workstream, implications
  (financial with the savings table, the total, the return on the funding and the
  payback; legal; human resources; equalities; risk), consultation, background papers,
  appendices; each appendix then starts a page. A section the data has nothing for is
  left out, and the numbers close up.

  The data for the meeting, the recommendations and the implications come from the
  programme's optional <report>; without one the paper still has its header (the
  programme's contact officer and classification), purpose and the sections the
  programme data supplies. An exempt classification (Schedule 12A) puts "Not for
  publication" with the paragraph at the top of the first page and on every page.

  Paragraphs are numbered 1.1, 1.2 ... within each section, and the numbers are text in
  the HTML (a second pass over the sections, EXSLT node-set), so that the browser, the
  PDF and anyone quoting "paragraph 6.2" agree. CSS keeps to the subset the PDF engine
  honours; the number hangs in a left float with a negative margin.

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
  <xsl:import href="changes.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="yes"/>

  <xsl:strip-space elements="*"/>
  <xsl:preserve-space elements="title short-title summary purpose text membership role remark
                                description reason lesson note work questions em strong link
                                para recommendation lead-in mitigation location"/>

  <xsl:variable name="p" select="/programme"/>
  <xsl:variable name="r" select="/programme/report"/>

  <!-- the classification that applies: the report's own, else the programme's -->
  <!-- The report's own, else the programme's: said outright, because a union's last
       node in document order came out differently from run to run with Debian 13's
       libxml2. -->
  <xsl:variable name="class" select="$r/classification | $p/classification[not($r/classification)]"/>
  <xsl:variable name="exempt" select="$class/@level = 'exempt'"/>

  <!-- The body the paper goes to: the meeting the report names, else the programme's
       decision-making body as its governance names it, and only failing both the
       generic "Joint Board". -->
  <xsl:variable name="meeting">
    <xsl:choose>
      <xsl:when test="$r/meeting/name"><xsl:value-of select="normalize-space($r/meeting/name)"/></xsl:when>
      <xsl:when test="$p/governance/body[@kind = 'board']/name">
        <xsl:value-of select="normalize-space($p/governance/body[@kind = 'board'][1]/name)"/>
      </xsl:when>
      <xsl:otherwise>Joint Board</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <!-- The running header's right: the meeting's date and the agenda item, so that the
       meeting's name on the left and NOT FOR PUBLICATION between them keep one line. -->
  <xsl:variable name="header-right">
    <xsl:choose>
      <xsl:when test="$r/meeting/date and $r/meeting/agenda-item">string(meeting-date) " \00B7  " string(agenda)</xsl:when>
      <xsl:when test="$r/meeting/date">string(meeting-date)</xsl:when>
      <xsl:otherwise>string(agenda)</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>
  <xsl:variable name="meeting-date">
    <xsl:if test="$r/meeting/date">
      <xsl:call-template name="bp:date"><xsl:with-param name="node" select="$r/meeting/date"/></xsl:call-template>
    </xsl:if>
  </xsl:variable>

  <xsl:variable name="as-at">
    <xsl:call-template name="bp:date"><xsl:with-param name="node" select="$p/as-at"/></xsl:call-template>
  </xsl:variable>

  <xsl:variable name="report-title">
    <xsl:choose>
      <xsl:when test="$r/title"><xsl:value-of select="normalize-space($r/title)"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="concat(normalize-space($p/title), ': progress report')"/></xsl:otherwise>
    </xsl:choose>
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

  <xsl:variable name="contact" select="$r/contact-officer | $p/contact-officer[not($r/contact-officer)]"/>

  <!-- ============================================================ page -->

  <xsl:template match="/">
    <xsl:apply-templates select="programme"/>
  </xsl:template>

  <xsl:template match="programme">
    <html lang="en-GB">
      <head>
        <meta charset="UTF-8"/>
        <title>
          <xsl:value-of select="concat($report-title, ': report to the ', $meeting)"/>
          <xsl:if test="$meeting-date != ''"><xsl:value-of select="concat(', ', $meeting-date)"/></xsl:if>
        </title>
        <meta name="author">
          <xsl:attribute name="content">
            <xsl:choose>
              <xsl:when test="$r/report-of">
                <xsl:call-template name="bp:person"><xsl:with-param name="node" select="$r/report-of"/></xsl:call-template>
              </xsl:when>
              <xsl:otherwise>
                <xsl:call-template name="bp:person"><xsl:with-param name="node" select="contact-officer"/></xsl:call-template>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:value-of select="concat(', for ', $partner-list)"/>
          </xsl:attribute>
        </meta>
        <meta name="description">
          <xsl:attribute name="content">
            <xsl:value-of select="concat('Report to the ', $meeting, ' of ', $partner-list, ' on the ',
                                         normalize-space(title), '.')"/>
          </xsl:attribute>
        </meta>
        <meta name="keywords">
          <xsl:attribute name="content">
            <xsl:value-of select="concat($meeting, ', committee report, shared services')"/>
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
        <xsl:variable name="sections-rtf">
          <xsl:call-template name="purpose"/>
          <xsl:call-template name="recommendations"/>
          <xsl:call-template name="reasons"/>
          <xsl:call-template name="alternatives"/>
          <xsl:call-template name="background"/>
          <xsl:call-template name="progress"/>
          <xsl:call-template name="bp:changes-section"/>
          <xsl:call-template name="implications"/>
          <xsl:call-template name="consultation"/>
          <xsl:call-template name="background-papers"/>
          <xsl:call-template name="appendix-list"/>
        </xsl:variable>
        <xsl:variable name="numbered-rtf">
          <xsl:apply-templates select="exsl:node-set($sections-rtf)/section" mode="number"/>
        </xsl:variable>
        <xsl:variable name="sections" select="exsl:node-set($numbered-rtf)/section"/>
        <xsl:call-template name="header-block"/>
        <nav class="contents" aria-labelledby="contents-heading">
          <h2 id="contents-heading">Contents</h2>
          <ol>
            <xsl:for-each select="$sections">
              <li><a href="#{@id}"><xsl:value-of select="normalize-space(h2)"/></a></li>
            </xsl:for-each>
            <xsl:for-each select="$r/appendices/appendix">
              <li><a href="#appendix-{position()}"><xsl:value-of select="concat('Appendix ', position(), ': ', normalize-space(title))"/></a></li>
            </xsl:for-each>
          </ol>
        </nav>
        <main>
          <xsl:copy-of select="$sections"/>
          <xsl:call-template name="appendices"/>
        </main>
        <footer>
          <p>
            <xsl:value-of select="concat($report-title, '. Report to the ', $meeting)"/>
            <xsl:if test="$meeting-date != ''"><xsl:value-of select="concat(', ', $meeting-date)"/></xsl:if>
            <xsl:if test="$r/meeting/agenda-item">
              <xsl:value-of select="concat(', agenda item ', normalize-space($r/meeting/agenda-item))"/>
            </xsl:if>
            <xsl:text>. </xsl:text>
            <xsl:call-template name="bp:classification"><xsl:with-param name="node" select="$class"/></xsl:call-template>
            <xsl:text>.</xsl:text>
          </p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <!-- ===================================================== numbering pass -->

  <!-- Sections are written first, then copied with their numbers: "3." before each
       section heading, "3.1" before each numbered paragraph (p class="para"). -->
  <xsl:template match="section" mode="number">
    <xsl:variable name="n" select="count(preceding-sibling::section) + 1"/>
    <section>
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates select="node()" mode="number">
        <xsl:with-param name="n" select="$n"/>
      </xsl:apply-templates>
    </section>
  </xsl:template>

  <xsl:template match="h2" mode="number">
    <xsl:param name="n"/>
    <h2>
      <xsl:copy-of select="@*"/>
      <span class="secnum"><xsl:value-of select="concat($n, '.')"/></span>
      <xsl:text> </xsl:text>
      <xsl:copy-of select="node()"/>
    </h2>
  </xsl:template>

  <xsl:template match="p[contains(concat(' ', @class, ' '), ' para ')]" mode="number">
    <xsl:param name="n"/>
    <xsl:variable name="section" select="ancestor::section[last()]"/>
    <xsl:variable name="before"
                  select="count(preceding::p[contains(concat(' ', @class, ' '), ' para ')])
                          - count($section/preceding::p[contains(concat(' ', @class, ' '), ' para ')])"/>
    <p>
      <xsl:copy-of select="@*"/>
      <span class="num"><xsl:value-of select="concat($n, '.', $before + 1)"/></span>
      <xsl:text> </xsl:text>
      <xsl:copy-of select="node()"/>
    </p>
  </xsl:template>

  <xsl:template match="*" mode="number">
    <xsl:param name="n"/>
    <xsl:copy>
      <xsl:copy-of select="@*"/>
      <xsl:apply-templates select="node()" mode="number">
        <xsl:with-param name="n" select="$n"/>
      </xsl:apply-templates>
    </xsl:copy>
  </xsl:template>

  <xsl:template match="text()" mode="number">
    <xsl:copy/>
  </xsl:template>

  <!-- ======================================================= header block -->

  <xsl:template name="header-block">
    <header class="report-head">
      <p class="councils">
        <xsl:for-each select="partners/partner">
          <span><xsl:value-of select="normalize-space(name)"/></span>
        </xsl:for-each>
      </p>
      <xsl:if test="$exempt">
        <p class="exempt-mark">
          <strong>Not for publication</strong>
          <xsl:value-of select="concat(' by virtue of paragraph ', $class/@paragraph,
                                       ' of Part 1 of Schedule 12A to the Local Government Act 1972')"/>
        </p>
      </xsl:if>
      <p class="meeting-name">
        <span class="meeting"><xsl:value-of select="$meeting"/></span>
        <xsl:if test="$meeting-date != ''">
          <xsl:text>, </xsl:text>
          <span class="meeting-date"><xsl:value-of select="$meeting-date"/></span>
        </xsl:if>
      </p>
      <xsl:if test="$r/meeting/agenda-item">
        <p class="agenda"><xsl:value-of select="concat('Agenda item ', normalize-space($r/meeting/agenda-item))"/></p>
      </xsl:if>
      <h1><xsl:value-of select="$report-title"/></h1>
      <table class="head-block">
        <caption>Report details</caption>
        <tbody>
          <tr>
            <th scope="row">Meeting</th>
            <td><xsl:value-of select="$meeting"/></td>
          </tr>
          <xsl:if test="$meeting-date != ''">
            <tr>
              <th scope="row">Date of meeting</th>
              <td><xsl:value-of select="$meeting-date"/></td>
            </tr>
          </xsl:if>
          <xsl:if test="$r/meeting/venue">
            <tr>
              <th scope="row">Venue</th>
              <td><xsl:value-of select="normalize-space($r/meeting/venue)"/></td>
            </tr>
          </xsl:if>
          <xsl:if test="$r/meeting/agenda-item">
            <tr>
              <th scope="row">Agenda item</th>
              <td><xsl:value-of select="normalize-space($r/meeting/agenda-item)"/></td>
            </tr>
          </xsl:if>
          <xsl:if test="$r/report-of">
            <tr>
              <th scope="row">Report of</th>
              <td><xsl:call-template name="bp:person"><xsl:with-param name="node" select="$r/report-of"/></xsl:call-template></td>
            </tr>
          </xsl:if>
          <xsl:if test="$r/portfolio">
            <tr>
              <th scope="row">Portfolio</th>
              <td><xsl:value-of select="normalize-space($r/portfolio)"/></td>
            </tr>
          </xsl:if>
          <tr>
            <th scope="row">Contact officer</th>
            <td>
              <xsl:call-template name="bp:person"><xsl:with-param name="node" select="$contact"/></xsl:call-template>
              <xsl:call-template name="contact-links"><xsl:with-param name="node" select="$contact"/></xsl:call-template>
            </td>
          </tr>
          <xsl:if test="$r/wards">
            <tr>
              <th scope="row">Wards affected</th>
              <td><xsl:value-of select="normalize-space($r/wards)"/></td>
            </tr>
          </xsl:if>
          <xsl:if test="$r">
            <tr>
              <th scope="row">Key decision</th>
              <td>
                <xsl:choose>
                  <xsl:when test="$r/key-decision/@reference">
                    <xsl:value-of select="concat('Yes (forward plan reference ', normalize-space($r/key-decision/@reference), ')')"/>
                  </xsl:when>
                  <xsl:when test="$r/key-decision">Yes</xsl:when>
                  <xsl:otherwise>No</xsl:otherwise>
                </xsl:choose>
              </td>
            </tr>
          </xsl:if>
          <tr>
            <th scope="row">Classification</th>
            <td>
              <xsl:choose>
                <xsl:when test="$exempt">
                  <strong class="exempt">
                    <xsl:call-template name="bp:classification"><xsl:with-param name="node" select="$class"/></xsl:call-template>
                  </strong>
                </xsl:when>
                <xsl:otherwise>
                  <xsl:call-template name="bp:classification"><xsl:with-param name="node" select="$class"/></xsl:call-template>
                </xsl:otherwise>
              </xsl:choose>
              <xsl:if test="$class/reason">
                <xsl:text>. </xsl:text>
                <xsl:apply-templates select="$class/reason/node()" mode="inline"/>
              </xsl:if>
            </td>
          </tr>
          <tr>
            <th scope="row">Status of the data</th>
            <td><xsl:value-of select="concat('As at ', $as-at, ', version ', normalize-space($p/version))"/></td>
          </tr>
        </tbody>
      </table>
    </header>
  </xsl:template>

  <xsl:template name="contact-links">
    <xsl:param name="node"/>
    <xsl:if test="$node/email">
      <br/>
      <xsl:text>Email: </xsl:text>
      <a href="mailto:{normalize-space($node/email)}"><xsl:value-of select="normalize-space($node/email)"/></a>
    </xsl:if>
    <xsl:if test="$node/phone">
      <br/>
      <xsl:value-of select="concat('Telephone: ', normalize-space($node/phone))"/>
    </xsl:if>
  </xsl:template>

  <!-- ============================================================ sections -->

  <xsl:template match="para">
    <p class="para"><xsl:apply-templates select="node()" mode="inline"/></p>
  </xsl:template>

  <xsl:template name="purpose">
    <section id="purpose">
      <h2>Purpose of the report</h2>
      <xsl:choose>
        <xsl:when test="$r/purpose">
          <xsl:apply-templates select="$r/purpose/para"/>
          <p class="para">
            <xsl:choose>
              <xsl:when test="$r/purpose/@for = 'decision'">This report is for decision.</xsl:when>
              <xsl:when test="$r/purpose/@for = 'discussion'">This report is for discussion.</xsl:when>
              <xsl:otherwise>This report is for information.</xsl:otherwise>
            </xsl:choose>
          </p>
        </xsl:when>
        <xsl:otherwise>
          <p class="para">
            <xsl:value-of select="concat('To report progress on the ', normalize-space(title), ' as at ', $as-at, '.')"/>
          </p>
          <p class="para">This report is for information.</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="recommendations">
    <xsl:if test="$r/recommendations">
      <section id="recommendations">
        <h2>Recommendations</h2>
        <p class="lead-in">
          <xsl:choose>
            <xsl:when test="$r/recommendations/lead-in">
              <xsl:apply-templates select="$r/recommendations/lead-in/node()" mode="inline"/>
            </xsl:when>
            <xsl:otherwise><xsl:value-of select="concat('That the ', $meeting, ':')"/></xsl:otherwise>
          </xsl:choose>
        </p>
        <ol class="recommendations">
          <xsl:for-each select="$r/recommendations/recommendation">
            <li>
              <span class="num"><xsl:value-of select="concat(position(), '.')"/></span>
              <xsl:text> </xsl:text>
              <xsl:apply-templates select="node()" mode="inline"/>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="reasons">
    <xsl:if test="$r/reasons">
      <section id="reasons">
        <h2>Reasons for the recommendations</h2>
        <xsl:apply-templates select="$r/reasons/para"/>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="alternatives">
    <xsl:if test="$r/alternatives">
      <section id="alternatives">
        <h2>Alternative options considered</h2>
        <xsl:for-each select="$r/alternatives/option">
          <p class="para">
            <strong><xsl:value-of select="normalize-space(name)"/></strong>
            <xsl:choose>
              <xsl:when test="@rejected = 'no'"> (not rejected). </xsl:when>
              <xsl:otherwise> (rejected). </xsl:otherwise>
            </xsl:choose>
            <xsl:apply-templates select="reason/node()" mode="inline"/>
          </p>
        </xsl:for-each>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Background: the award, the areas, the milestones, further funding, the
       governance (with its chart) and the methods, then the report's own paragraphs. -->
  <xsl:template name="background">
    <section id="background">
      <h2>Background</h2>
      <xsl:for-each select="funding/award">
        <xsl:variable name="ws" select="concat(' ', normalize-space(@workstreams), ' ')"/>
        <p class="para">
          <xsl:if test="awarded">
            <xsl:text>In </xsl:text>
            <xsl:call-template name="bp:date"><xsl:with-param name="node" select="awarded"/></xsl:call-template>
            <xsl:text> the </xsl:text>
          </xsl:if>
          <xsl:if test="not(awarded)">The </xsl:if>
          <xsl:value-of select="normalize-space(source)"/>
          <xsl:if test="source/@abbr"><xsl:value-of select="concat(' (', source/@abbr, ')')"/></xsl:if>
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
          <xsl:if test="@workstreams">
            <xsl:text>: </xsl:text>
            <xsl:for-each select="$p/workstreams/workstream[contains($ws, concat(' ', @id, ' '))]">
              <xsl:if test="position() > 1">
                <xsl:choose>
                  <xsl:when test="position() = last()"> and </xsl:when>
                  <xsl:otherwise>, </xsl:otherwise>
                </xsl:choose>
              </xsl:if>
              <xsl:value-of select="normalize-space(name)"/>
            </xsl:for-each>
          </xsl:if>
          <xsl:text>.</xsl:text>
        </p>
      </xsl:for-each>
      <xsl:if test="milestones">
        <p class="para">
          <xsl:text>The key milestones for each workstream are: </xsl:text>
          <xsl:for-each select="milestones/milestone">
            <xsl:if test="position() > 1">
              <xsl:choose>
                <xsl:when test="position() = last()"> and </xsl:when>
                <xsl:otherwise>; </xsl:otherwise>
              </xsl:choose>
            </xsl:if>
            <xsl:variable name="t">
              <xsl:apply-templates select="text/node()" mode="inline"/>
            </xsl:variable>
            <!-- "To undertake ..." reads on in lower case, without its full stop -->
            <xsl:variable name="s" select="normalize-space($t)"/>
            <xsl:value-of select="concat(translate(substring($s, 1, 1), 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'),
                                         substring($s, 2, string-length($s) - 1 - number(substring($s, string-length($s)) = '.')))"/>
          </xsl:for-each>
          <xsl:text>.</xsl:text>
        </p>
      </xsl:if>
      <xsl:for-each select="funding/further-funding">
        <p class="para">
          <xsl:value-of select="normalize-space(source)"/>
          <xsl:text> funding</xsl:text>
          <xsl:if test="money">
            <xsl:text> of </xsl:text>
            <xsl:call-template name="bp:money"><xsl:with-param name="node" select="money"/></xsl:call-template>
          </xsl:if>
          <xsl:choose>
            <xsl:when test="@status = 'applied-for'"> has been applied for</xsl:when>
            <xsl:when test="@status = 'expected'"> is expected</xsl:when>
            <xsl:otherwise> has been secured</xsl:otherwise>
          </xsl:choose>
          <xsl:if test="purpose">
            <xsl:text> </xsl:text>
            <xsl:apply-templates select="purpose/node()" mode="inline"/>
          </xsl:if>
          <xsl:text>.</xsl:text>
          <xsl:if test="not(money)"> The amount is not yet known.</xsl:if>
        </p>
      </xsl:for-each>
      <xsl:if test="governance">
        <p class="para">
          <xsl:text>The programme is governed by </xsl:text>
          <xsl:for-each select="governance/body">
            <xsl:if test="position() > 1">
              <xsl:choose>
                <xsl:when test="position() = last()"> and </xsl:when>
                <xsl:otherwise>, </xsl:otherwise>
              </xsl:choose>
            </xsl:if>
            <xsl:text>the </xsl:text>
            <xsl:value-of select="normalize-space(name)"/>
          </xsl:for-each>
          <xsl:text>, as the chart below shows</xsl:text>
          <xsl:if test="$r/appendices/appendix[@include = 'governance']">
            <xsl:text>; Appendix </xsl:text>
            <xsl:value-of select="count($r/appendices/appendix[@include = 'governance']/preceding-sibling::appendix) + 1"/>
            <xsl:text> gives their membership and remits</xsl:text>
          </xsl:if>
          <xsl:text>.</xsl:text>
        </p>
        <xsl:call-template name="bp:chart-governance">
          <xsl:with-param name="id" select="'fig-governance'"/>
          <xsl:with-param name="caption" select="'Governance of the programme: who reports to whom'"/>
        </xsl:call-template>
      </xsl:if>
      <xsl:if test="methods">
        <p class="para">
          <xsl:text>Methods adopted: </xsl:text>
          <xsl:for-each select="methods/method">
            <xsl:if test="position() > 1">; </xsl:if>
            <xsl:value-of select="normalize-space(name)"/>
            <xsl:if test="date">
              <xsl:text> (</xsl:text>
              <xsl:call-template name="bp:date"><xsl:with-param name="node" select="date"/></xsl:call-template>
              <xsl:text>)</xsl:text>
            </xsl:if>
          </xsl:for-each>
          <xsl:text>.</xsl:text>
        </p>
      </xsl:if>
      <xsl:apply-templates select="$r/background/para"/>
    </section>
  </xsl:template>

  <xsl:template name="progress">
    <section id="progress">
      <h2>Progress by workstream</h2>
      <p class="para"><xsl:call-template name="bp:status-sentence"/></p>
      <xsl:for-each select="workstreams/workstream">
        <p class="para workstream">
          <strong><xsl:value-of select="normalize-space(name)"/></strong>
          <xsl:text> (</xsl:text>
          <xsl:call-template name="bp:status-label"/>
          <xsl:text>). </xsl:text>
          <xsl:if test="summary">
            <xsl:apply-templates select="summary/node()" mode="inline"/>
            <xsl:text> </xsl:text>
          </xsl:if>
          <xsl:if test="@host">
            <xsl:text>Hosted by </xsl:text>
            <xsl:call-template name="bp:partner-name"><xsl:with-param name="id" select="@host"/></xsl:call-template>
            <xsl:text>. </xsl:text>
          </xsl:if>
          <xsl:if test="go-live">
            <xsl:call-template name="bp:go-live-phrase"/>
            <xsl:text>. </xsl:text>
          </xsl:if>
          <xsl:if test="completion">
            <xsl:text>Targeted to be complete </xsl:text>
            <xsl:call-template name="bp:date-phrase"><xsl:with-param name="node" select="completion"/></xsl:call-template>
            <xsl:text>. </xsl:text>
          </xsl:if>
          <xsl:if test="annual-savings">
            <xsl:call-template name="bp:savings-phrase"><xsl:with-param name="node" select="annual-savings"/></xsl:call-template>
            <xsl:text>. </xsl:text>
          </xsl:if>
          <xsl:for-each select="adviser">
            <xsl:value-of select="concat('Adviser: ', normalize-space(name))"/>
            <xsl:if test="work">
              <xsl:text> (</xsl:text>
              <xsl:apply-templates select="work/node()" mode="inline"/>
              <xsl:text>)</xsl:text>
            </xsl:if>
            <xsl:text>. </xsl:text>
          </xsl:for-each>
          <xsl:for-each select="note">
            <xsl:apply-templates select="node()" mode="inline"/>
            <xsl:text> </xsl:text>
          </xsl:for-each>
        </p>
      </xsl:for-each>
      <xsl:call-template name="bp:chart-savings">
        <xsl:with-param name="id" select="'fig-savings'"/>
      </xsl:call-template>
    </section>
  </xsl:template>

  <!-- ====================================================== implications -->

  <xsl:template name="implications">
    <xsl:variable name="i" select="$r/implications"/>
    <section id="implications">
      <h2>Implications</h2>
      <xsl:if test="workstreams/workstream/annual-savings or $i/financial">
        <h3>Financial</h3>
        <xsl:apply-templates select="$i/financial/para"/>
        <xsl:if test="workstreams/workstream/annual-savings">
          <xsl:call-template name="savings-table"/>
          <p class="para"><xsl:call-template name="bp:return-sentence"/></p>
          <xsl:variable name="pb"><xsl:call-template name="bp:payback-sentence"/></xsl:variable>
          <xsl:if test="string($pb) != ''">
            <p class="para"><xsl:value-of select="$pb"/></p>
            <xsl:call-template name="bp:chart-payback">
              <xsl:with-param name="id" select="'fig-payback'"/>
            </xsl:call-template>
          </xsl:if>
        </xsl:if>
      </xsl:if>
      <xsl:if test="$i/legal">
        <h3>Legal</h3>
        <xsl:apply-templates select="$i/legal/para"/>
      </xsl:if>
      <xsl:if test="$i/human-resources">
        <h3>Human resources</h3>
        <xsl:apply-templates select="$i/human-resources/para"/>
      </xsl:if>
      <xsl:if test="$i/equalities">
        <h3>Equalities</h3>
        <xsl:apply-templates select="$i/equalities/para"/>
      </xsl:if>
      <xsl:if test="$i/risk">
        <h3>Risk</h3>
        <xsl:apply-templates select="$i/risk/para"/>
        <xsl:if test="$i/risk/risk-item">
          <table class="risks">
            <caption>Risk register</caption>
            <colgroup>
              <col class="c-risk"/>
              <col class="c-rating"/>
              <col class="c-rating"/>
              <col class="c-mitigation"/>
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Risk</th>
                <th scope="col">Likelihood</th>
                <th scope="col">Impact</th>
                <th scope="col">Mitigation</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$i/risk/risk-item">
                <tr>
                  <td><xsl:apply-templates select="text/node()" mode="inline"/></td>
                  <td><xsl:call-template name="rating"><xsl:with-param name="v" select="@likelihood"/></xsl:call-template></td>
                  <td><xsl:call-template name="rating"><xsl:with-param name="v" select="@impact"/></xsl:call-template></td>
                  <td><xsl:apply-templates select="mitigation/node()" mode="inline"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:if>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="rating">
    <xsl:param name="v"/>
    <xsl:value-of select="concat(translate(substring($v, 1, 1), 'lmh', 'LMH'), substring($v, 2))"/>
  </xsl:template>

  <xsl:template name="savings-table">
    <table class="savings">
      <caption>
        <xsl:value-of select="concat('Estimated annual savings by workstream, as at ', $as-at)"/>
      </caption>
      <thead>
        <tr>
          <th scope="col">Workstream</th>
          <th scope="col">Host</th>
          <th scope="col">Savings start</th>
          <th scope="col" class="money">Annual savings</th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="workstreams/workstream">
          <tr>
            <th scope="row"><xsl:value-of select="normalize-space(name)"/></th>
            <td>
              <xsl:choose>
                <xsl:when test="@host and key('bp-partner', @host)/short-name">
                  <xsl:value-of select="normalize-space(key('bp-partner', @host)/short-name)"/>
                </xsl:when>
                <xsl:when test="@host"><xsl:value-of select="@host"/></xsl:when>
                <xsl:otherwise>Not decided</xsl:otherwise>
              </xsl:choose>
            </td>
            <td>
              <xsl:choose>
                <xsl:when test="go-live">
                  <xsl:call-template name="bp:date"><xsl:with-param name="node" select="go-live"/><xsl:with-param name="capitalise" select="true()"/></xsl:call-template>
                </xsl:when>
                <xsl:otherwise>Not set</xsl:otherwise>
              </xsl:choose>
            </td>
            <td class="money">
              <xsl:choose>
                <xsl:when test="annual-savings">
                  <xsl:call-template name="bp:savings-amount"><xsl:with-param name="node" select="annual-savings"/></xsl:call-template>
                </xsl:when>
                <xsl:otherwise>Not yet estimated</xsl:otherwise>
              </xsl:choose>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
      <tfoot>
        <tr>
          <th scope="row" colspan="3">Total estimated annual savings</th>
          <td class="money">
            <xsl:call-template name="bp:money">
              <xsl:with-param name="amount" select="sum($bp-savings/money/@amount)"/>
              <xsl:with-param name="currency" select="$bp-currency"/>
            </xsl:call-template>
          </td>
        </tr>
      </tfoot>
    </table>
  </xsl:template>

  <!-- =========================================== consultation, papers, appendices -->

  <xsl:template name="consultation">
    <xsl:if test="$r/consultation">
      <section id="consultation">
        <h2>Consultation</h2>
        <xsl:apply-templates select="$r/consultation/para"/>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="background-papers">
    <section id="background-papers">
      <h2>Background papers</h2>
      <xsl:choose>
        <xsl:when test="$r/background-papers">
          <p class="para keep">The following papers were relied on in writing this report:</p>
          <table class="papers">
            <caption>Background papers</caption>
            <thead>
              <tr>
                <th scope="col">Document</th>
                <th scope="col">Date</th>
                <th scope="col">Where it can be inspected</th>
              </tr>
            </thead>
            <tbody>
              <xsl:for-each select="$r/background-papers/paper">
                <tr>
                  <td><xsl:value-of select="normalize-space(title)"/></td>
                  <td class="nowrap">
                    <xsl:if test="date">
                      <xsl:call-template name="bp:date"><xsl:with-param name="node" select="date"/><xsl:with-param name="capitalise" select="true()"/></xsl:call-template>
                    </xsl:if>
                  </td>
                  <td><xsl:apply-templates select="location/node()" mode="inline"/></td>
                </tr>
              </xsl:for-each>
            </tbody>
          </table>
        </xsl:when>
        <xsl:otherwise>
          <p class="para">None.</p>
        </xsl:otherwise>
      </xsl:choose>
    </section>
  </xsl:template>

  <xsl:template name="appendix-list">
    <xsl:if test="$r/appendices">
      <section id="appendix-list">
        <h2>Appendices</h2>
        <ul class="appendix-list">
          <xsl:for-each select="$r/appendices/appendix">
            <li>
              <a href="#appendix-{position()}">
                <xsl:value-of select="concat('Appendix ', position(), ': ', normalize-space(title))"/>
              </a>
            </li>
          </xsl:for-each>
        </ul>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="appendices">
    <xsl:for-each select="$r/appendices/appendix">
      <section class="appendix" id="appendix-{position()}">
        <h2><xsl:value-of select="concat('Appendix ', position(), ': ', normalize-space(title))"/></h2>
        <xsl:for-each select="para">
          <p><xsl:apply-templates select="node()" mode="inline"/></p>
        </xsl:for-each>
        <xsl:choose>
          <xsl:when test="@include = 'governance'"><xsl:call-template name="appendix-governance"/></xsl:when>
          <xsl:when test="@include = 'methods'"><xsl:call-template name="appendix-methods"/></xsl:when>
          <xsl:when test="@include = 'lessons'"><xsl:call-template name="appendix-lessons"/></xsl:when>
          <xsl:when test="@include = 'next-steps'"><xsl:call-template name="appendix-next-steps"/></xsl:when>
        </xsl:choose>
      </section>
    </xsl:for-each>
  </xsl:template>

  <xsl:template name="appendix-governance">
    <table class="bodies">
      <caption>Governance bodies</caption>
      <colgroup>
        <col class="c-body"/>
        <col class="c-members"/>
        <col class="c-role"/>
        <col class="c-reports"/>
      </colgroup>
      <thead>
        <tr>
          <th scope="col">Body</th>
          <th scope="col">Membership</th>
          <th scope="col">Role</th>
          <th scope="col">Reports to</th>
        </tr>
      </thead>
      <tbody>
        <xsl:for-each select="$p/governance/body">
          <tr>
            <th scope="row"><xsl:value-of select="normalize-space(name)"/></th>
            <td><xsl:apply-templates select="membership/node()" mode="inline"/></td>
            <td>
              <xsl:apply-templates select="role/node()" mode="inline"/>
              <xsl:for-each select="remark">
                <xsl:text> </xsl:text>
                <xsl:apply-templates select="node()" mode="inline"/>
              </xsl:for-each>
            </td>
            <td>
              <xsl:choose>
                <xsl:when test="@reports-to and key('bp-body', @reports-to)">
                  <xsl:value-of select="normalize-space(key('bp-body', @reports-to)/name)"/>
                </xsl:when>
                <xsl:otherwise>None</xsl:otherwise>
              </xsl:choose>
            </td>
          </tr>
        </xsl:for-each>
      </tbody>
    </table>
  </xsl:template>

  <xsl:template name="appendix-methods">
    <ul class="plain">
      <xsl:for-each select="$p/methods/method">
        <li>
          <strong>
            <xsl:value-of select="normalize-space(name)"/>
            <xsl:if test="date">
              <xsl:text>, </xsl:text>
              <xsl:call-template name="bp:date"><xsl:with-param name="node" select="date"/></xsl:call-template>
            </xsl:if>
            <xsl:text>.</xsl:text>
          </strong>
          <xsl:text> </xsl:text>
          <xsl:apply-templates select="description/node()" mode="inline"/>
          <xsl:call-template name="bp:method-reasons"/>
        </li>
      </xsl:for-each>
    </ul>
  </xsl:template>

  <xsl:template name="appendix-lessons">
    <ol class="lessons">
      <xsl:for-each select="$p/lessons/lesson">
        <li><xsl:apply-templates select="node()" mode="inline"/></li>
      </xsl:for-each>
    </ol>
  </xsl:template>

  <xsl:template name="appendix-next-steps">
    <ul class="plain">
      <xsl:for-each select="$p/next-steps/step">
        <li>
          <xsl:apply-templates select="text/node()" mode="inline"/>
          <xsl:if test="target">
            <xsl:text> Target: </xsl:text>
            <xsl:call-template name="bp:date"><xsl:with-param name="node" select="target"/></xsl:call-template>
            <xsl:text>.</xsl:text>
          </xsl:if>
        </li>
      </xsl:for-each>
    </ul>
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
  --surface: #f2f5fa;
  --surface-strong: #e6edf6;
  --rule: #8a9bb5;
  --alert: #a4262c;
  --font-body: "Liberation Sans", Arial, Helvetica, sans-serif;
}
</xsl:text>
    <xsl:if test="$exempt">
      <xsl:text>
@page {
  @top-center {
    content: "NOT FOR PUBLICATION";
    white-space: nowrap;
    font-family: var(--font-body);
    font-size: 10pt;
    font-weight: bold;
    color: var(--alert);
  }
}</xsl:text>
    </xsl:if>
    <xsl:text>
@page {
  size: A4;
  margin: 22mm 20mm 22mm 20mm;
  @top-left {
    content: string(meeting);
    font-family: var(--font-body);
    font-size: 9pt;
    color: var(--muted);
  }
  @top-right {
    content: </xsl:text><xsl:value-of select="$header-right"/><xsl:text>;
    font-family: var(--font-body);
    font-size: 9pt;
    color: var(--muted);
  }
  @bottom-center {
    content: "Page " counter(page) " of " counter(pages);
    font-family: var(--font-body);
    font-size: 9pt;
    color: var(--muted);
  }
}
@page :first {
  @top-left { content: none; }
  @top-right { content: none; }
}
head, style, title { display: none; }
html { background-color: var(--paper); }
body {
  display: block;
  max-width: 44em;
  margin: 0 auto;
  padding: 1em 1em 0 1em;
  font-family: var(--font-body);
  font-size: 12pt;
  line-height: 1.4;
  color: var(--ink);
  background-color: var(--paper);
}
header, main, section, footer, div { display: block; }
h1, h2, h3 {
  display: block;
  color: var(--ink);
  font-weight: bold;
  line-height: 1.25;
  break-after: avoid;
  page-break-after: avoid;
}
h1 { font-size: 18pt; margin: 4pt 0 10pt 0; color: var(--brand); }
h2 { font-size: 14pt; margin: 18pt 0 6pt 0; }
h3 { font-size: 12pt; margin: 12pt 0 4pt 0; }
p { display: block; margin: 0 0 8pt 0; orphans: 2; widows: 2; }
em { font-style: italic; }
strong { font-weight: bold; }
a { color: var(--brand); }
.report-head { margin: 0 0 6pt 0; }
.councils {
  margin: 0 0 8pt 0;
  padding: 0 0 6pt 0;
  border-bottom: 2pt solid var(--brand);
  font-size: 11pt;
  font-weight: bold;
  color: var(--brand);
}
.councils span { display: block; }
.exempt-mark {
  margin: 0 0 8pt 0;
  padding: 6pt 8pt;
  border: 2pt solid var(--alert);
  color: var(--alert);
  font-size: 12pt;
  text-transform: none;
}
.exempt-mark strong { text-transform: uppercase; letter-spacing: 0.5pt; }
.exempt { color: var(--alert); }
.meeting-name { margin: 0; font-size: 13pt; font-weight: bold; }
.meeting-name .meeting { string-set: meeting content(); }
.meeting-name .meeting-date { string-set: meeting-date content(); }
.agenda { margin: 0; font-size: 13pt; font-weight: bold; color: var(--brand); string-set: agenda content(); }
table {
  display: table;
  width: 100%;
  margin: 4pt 0 12pt 0;
  border-collapse: collapse;
  font-size: 11pt;
  line-height: 1.3;
}
caption {
  display: table-caption;
  text-align: left;
  font-weight: bold;
  margin: 0 0 4pt 0;
}
thead { display: table-header-group; }
tbody { display: table-row-group; }
tfoot { display: table-footer-group; }
tr { display: table-row; break-inside: avoid; page-break-inside: avoid; }
th, td {
  display: table-cell;
  padding: 4pt 6pt;
  border: 1px solid var(--rule);
  text-align: left;
  vertical-align: top;
}
th { font-weight: bold; }
thead th { background-color: var(--surface-strong); }
tfoot th, tfoot td { background-color: var(--surface); font-weight: bold; }
.money { text-align: right; }
td.money, .nowrap { white-space: nowrap; }
.head-block { font-size: 11pt; }
.head-block th { width: 30%; background-color: var(--surface); }
main section > h2 .secnum { color: var(--brand); }
p.para { padding-left: 2.6em; break-inside: avoid; page-break-inside: avoid; }
p.para .num { float: left; width: 2.6em; margin-left: -2.6em; color: var(--ink); }
nav.contents { margin: 0 0 4pt 0; font-size: 11pt; }
nav.contents h2 { margin: 0 0 3pt 0; font-size: 12pt; }
nav.contents ol {
  list-style-type: none;
  margin: 0;
  padding: 0;
  column-count: 2;
  column-gap: 8mm;
}
nav.contents li { margin: 0 0 2pt 0; }
nav.contents a { color: var(--ink); text-decoration: none; }
nav.contents a::after { content: leader(dotted) " " target-counter(attr(href), page); }
.lead-in { margin: 0 0 4pt 0; }
ol.recommendations { list-style-type: none; margin: 0 0 8pt 0; padding: 0 0 0 2.6em; }
ol.recommendations li {
  display: block;
  margin: 0 0 5pt 0;
  padding: 0 0 0 2em;
  break-inside: avoid;
  page-break-inside: avoid;
}
ol.recommendations .num { float: left; width: 2em; margin-left: -2em; font-weight: bold; }
ul.appendix-list { list-style-type: none; margin: 0 0 8pt 0; padding: 0 0 0 2.6em; }
ul.appendix-list li { margin: 0 0 3pt 0; }
ul.plain, ol.lessons { margin: 0 0 8pt 0; padding: 0 0 0 1.6em; }
ul.plain { list-style-type: disc; }
ol.lessons { list-style-type: decimal; }
li { display: list-item; margin: 0 0 4pt 0; }
table.savings, table.papers { break-inside: avoid; page-break-inside: avoid; }
p.keep { break-after: avoid; page-break-after: avoid; }
.risks { table-layout: fixed; }
col.c-risk { width: 30%; }
col.c-rating { width: 16%; }
col.c-mitigation { width: 38%; }
.bodies { table-layout: fixed; font-size: 10pt; }
col.c-body { width: 22%; }
col.c-members { width: 30%; }
col.c-role { width: 30%; }
col.c-reports { width: 18%; }
.papers td:first-child { width: 50%; }
figure.chart {
  display: block;
  margin: 6pt 0 12pt 2.6em;
  break-inside: avoid;
  page-break-inside: avoid;
}
figure.chart svg { display: block; width: 100%; height: auto; margin: 0 0 4pt 0; }
figcaption { display: block; font-size: 10pt; color: var(--muted); line-height: 1.35; }
.chart-title { font-weight: bold; color: var(--ink); }
section.appendix { break-before: page; page-break-before: always; }
footer {
  margin: 24pt 0 0 0;
  padding: 6pt 0 0 0;
  border-top: 1px solid var(--rule);
  font-size: 10pt;
  color: var(--muted);
}
footer p { margin: 0; }
</xsl:text>
  </xsl:template>

</xsl:stylesheet>
